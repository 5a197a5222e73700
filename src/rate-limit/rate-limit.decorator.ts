import { SetMetadata } from '@nestjs/common';
import { RateLimitPolicy } from './rate-limit.policies';

export const RATE_LIMIT_POLICY = 'rateLimitPolicy';

/**
 * Limits a credential route: one budget per client IP shared by every limited route, and one per
 * target of this policy (the username in the body, or the refresh token).
 */
export const RateLimit = (policy: RateLimitPolicy): MethodDecorator => SetMetadata(RATE_LIMIT_POLICY, policy);
