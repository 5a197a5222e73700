import { Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { RedisClient } from './redis.client';

/**
 * Provides the shared RedisClient when REDIS_URL is set, and null otherwise: consumers then keep their
 * per-instance, in-memory state.
 */
@Module({
  providers: [
    {
      provide: RedisClient,
      inject: [AppConfig],
      useFactory: async (config: AppConfig): Promise<RedisClient | null> => {
        if (!config.redisUrl) return null;
        const client = new RedisClient(config.redisUrl);
        await client.connect();
        return client;
      },
    },
  ],
  exports: [RedisClient],
})
export class RedisModule {}
