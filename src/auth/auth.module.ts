import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CognitoSettings } from '../cognito/cognito-settings';
import { AppConfig } from '../config/app-config';
import { MetricsService } from '../health/metrics.service';
import { RedisClient } from '../redis/redis.client';
import { AuthController } from './auth.controller';
import { CognitoSessionService } from './cognito-session.service';
import { GroupsGuard } from './guards/groups.guard';
import { JwtGuard } from './guards/jwt.guard';
import { BoundedIdentityJsClient } from './identity-js-client';
import { MemoryRevocationStore } from './revocation/memory-revocation.store';
import { RedisRevocationStore } from './revocation/redis-revocation.store';
import { RevocationStore } from './revocation/revocation.store';
import { TokenVerifier } from './token-verifier';

@Module({
  controllers: [AuthController],
  providers: [
    TokenVerifier,
    CognitoSessionService,
    {
      provide: BoundedIdentityJsClient,
      inject: [CognitoSettings, AppConfig, MetricsService],
      useFactory: (settings: CognitoSettings, config: AppConfig, metrics: MetricsService) =>
        new BoundedIdentityJsClient(settings.apiEndpoint, config.cognitoTimeoutMs, metrics, (username) =>
          settings.secretHashOf(username),
        ),
    },
    // Redis when REDIS_URL is set, so that every instance refuses what one revoked; else this instance's memory.
    {
      provide: RevocationStore,
      inject: [RedisClient],
      useFactory: (redis: RedisClient | null) =>
        redis ? new RedisRevocationStore(redis) : new MemoryRevocationStore(),
    },
    // Order matters: authenticate first, then check groups.
    { provide: APP_GUARD, useClass: JwtGuard },
    { provide: APP_GUARD, useClass: GroupsGuard },
  ],
  exports: [TokenVerifier, RevocationStore, BoundedIdentityJsClient],
})
export class AuthModule {}
