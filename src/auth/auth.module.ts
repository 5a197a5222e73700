import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { RedisClient } from '../redis/redis.client';
import { AuthController } from './auth.controller';
import { GroupsGuard } from './guards/groups.guard';
import { JwtGuard } from './guards/jwt.guard';
import { MemoryRevocationStore } from './revocation/memory-revocation.store';
import { RedisRevocationStore } from './revocation/redis-revocation.store';
import { RevocationStore } from './revocation/revocation.store';
import { PasswordsService } from './passwords.service';
import { ProfileService } from './profile.service';
import { SignInService } from './sign-in.service';
import { TokenVerifier } from './token-verifier';
import { TokensService } from './tokens.service';

@Module({
  controllers: [AuthController],
  providers: [
    TokenVerifier,
    SignInService,
    TokensService,
    PasswordsService,
    ProfileService,
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
  exports: [TokenVerifier, RevocationStore],
})
export class AuthModule {}
