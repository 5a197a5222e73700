import { Module, Provider } from '@nestjs/common';
import { ThrottlerStorage, ThrottlerStorageService } from '@nestjs/throttler';

/**
 * Where the rate limiter keeps its hit counts. In this process's memory by default, which is right for
 * one instance; several instances need a shared store (Redis) provided under this token instead.
 */
export const RATE_LIMIT_STORAGE = Symbol('RATE_LIMIT_STORAGE');

export const rateLimitStorageProvider: Provider<ThrottlerStorage> = {
  provide: RATE_LIMIT_STORAGE,
  useClass: ThrottlerStorageService,
};

@Module({ providers: [rateLimitStorageProvider], exports: [RATE_LIMIT_STORAGE] })
export class RateLimitStorageModule {}
