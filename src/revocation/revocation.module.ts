import { Module } from '@nestjs/common';
import { RedisClient } from '../redis/redis.client';
import { RedisModule } from '../redis/redis.module';
import { MemoryRevocationStore } from './memory-revocation.store';
import { RedisRevocationStore } from './redis-revocation.store';
import { RevocationStore } from './revocation.store';

/** The revocation list read by the JWT guard and written by the user's and the admin's sign-outs. */
@Module({
  imports: [RedisModule],
  providers: [
    // Redis when REDIS_URL is set, so that every instance refuses what one revoked; else this instance's memory.
    {
      provide: RevocationStore,
      inject: [RedisClient],
      useFactory: (redis: RedisClient | null) =>
        redis ? new RedisRevocationStore(redis) : new MemoryRevocationStore(),
    },
  ],
  exports: [RevocationStore],
})
export class RevocationModule {}
