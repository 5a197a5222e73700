import { Logger, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { RedisClient } from '../redis/redis.client';
import { RedisModule } from '../redis/redis.module';
import { MemoryRevocationStore } from './memory-revocation.store';
import { RedisRevocationStore } from './redis-revocation.store';
import { RevocationStore } from './revocation.store';
import { SqliteRevocationStore } from './sqlite-revocation.store';

/** The revocation list read by the JWT guard and written by the user's and the admin's sign-outs. */
@Module({
  imports: [RedisModule],
  providers: [
    {
      provide: RevocationStore,
      inject: [AppConfig, RedisClient],
      useFactory: async (config: AppConfig, redis: RedisClient | null): Promise<RevocationStore> => {
        const logger = new Logger('Revocations');
        const storage = config.revocations;
        // Redis when REDIS_URL is set, so that every instance refuses what one revoked.
        if (storage.kind === 'redis' && redis) {
          const store = new RedisRevocationStore(redis, { maxStalenessMs: storage.maxStalenessMs });
          await store.start();
          logger.log(
            store.inStep
              ? `Revocations shared through Redis, replicated here (${store.size} in force)`
              : 'Revocations shared through Redis, not synced yet: guarded routes answer 503 until Redis answers',
          );
          return store;
        }
        if (storage.kind === 'file') {
          const store = new SqliteRevocationStore(storage.path);
          logger.log(`Revocations kept in ${storage.path} (${store.size} in force)`);
          return store;
        }
        logger.warn(
          storage.kind === 'memory' && storage.explicit
            ? 'Revocations kept in memory only (REVOCATION_STORE_PATH=:memory:): a restart forgets every sign-out'
            : 'Revocations kept in memory only: a restart forgets every sign-out; set REVOCATION_STORE_PATH or REDIS_URL to keep them',
        );
        return new MemoryRevocationStore();
      },
    },
  ],
  exports: [RevocationStore],
})
export class RevocationModule {}
