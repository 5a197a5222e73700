import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  ThrottlerLimitDetail,
  ThrottlerModuleOptions,
  ThrottlerStorage,
} from '@nestjs/throttler';
import { DomainError } from '../common/domain-error';
import { ErrorCode } from '../common/error-code';
import { AppConfig } from '../config/app-config';
import { RATE_LIMIT_POLICY } from './rate-limit.decorator';
import { RateLimitPolicy } from './rate-limit.policies';

/**
 * ThrottlerGuard on the routes marked @RateLimit() only, off with RATE_LIMITS=off; a limit reached is
 * the contract's 429 through the one error path, Retry-After being the seconds until the block ends.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly config: AppConfig,
  ) {
    super(options, storage, reflector);
  }

  protected override shouldSkip(context: ExecutionContext): Promise<boolean> {
    const policy = this.reflector.get<RateLimitPolicy | undefined>(RATE_LIMIT_POLICY, context.getHandler());
    return Promise.resolve(!this.config.rateLimits || policy === undefined);
  }

  protected override throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    // The same answer for every budget: which one ran out is of no use to a client, only to an attacker.
    throw new DomainError(
      ErrorCode.TOO_MANY_REQUESTS,
      'Too many attempts; retry later',
      undefined,
      Math.max(1, detail.timeToBlockExpire),
    );
  }
}
