import { Module } from '@nestjs/common';
import { APP_GUARD, Reflector } from '@nestjs/core';
import { ThrottlerModule, ThrottlerStorage } from '@nestjs/throttler';
import { AppConfig } from '../config/app-config';
import { RATE_LIMIT_POLICY } from './rate-limit.decorator';
import { RateLimitGuard } from './rate-limit.guard';
import { RateLimitPolicy, rateLimitThrottlers } from './rate-limit.policies';
import { RATE_LIMIT_STORAGE, RateLimitStorageModule } from './rate-limit.storage';

/** Brute-force limits on the credential routes (@RateLimit()), counted in RATE_LIMIT_STORAGE. */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      imports: [RateLimitStorageModule],
      inject: [AppConfig, RATE_LIMIT_STORAGE, Reflector],
      useFactory: (config: AppConfig, storage: ThrottlerStorage, reflector: Reflector) => ({
        storage,
        // Only Retry-After, and only on a 429 (the filter writes it); no X-RateLimit-* on every answer.
        setHeaders: false,
        throttlers: rateLimitThrottlers(config.rateLimitRules, (context) =>
          reflector.get<RateLimitPolicy | undefined>(RATE_LIMIT_POLICY, context.getHandler()),
        ),
      }),
    }),
  ],
  providers: [{ provide: APP_GUARD, useClass: RateLimitGuard }],
})
export class RateLimitModule {}
