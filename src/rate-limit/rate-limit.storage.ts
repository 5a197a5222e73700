import { Module, Provider } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import { RedisClient } from '../redis/redis.client';
import { RedisModule } from '../redis/redis.module';
import { MemoryThrottlerStorage } from './memory-throttler.storage';
import { RedisThrottlerStorage } from './redis-throttler.storage';

/**
 * Where the rate limiter keeps its hit counts. In this process's memory by default, which is right for
 * one instance (bounded in time and size); with REDIS_URL, Redis, so that several instances count attempts together.
 */
export const RATE_LIMIT_STORAGE = Symbol('RATE_LIMIT_STORAGE');

export const rateLimitStorageProvider: Provider<ThrottlerStorage> = {
  provide: RATE_LIMIT_STORAGE,
  inject: [RedisClient],
  useFactory: (redis: RedisClient | null) =>
    redis ? new RedisThrottlerStorage(redis) : new MemoryThrottlerStorage(),
};

@Module({ imports: [RedisModule], providers: [rateLimitStorageProvider], exports: [RATE_LIMIT_STORAGE] })
export class RateLimitStorageModule {}
