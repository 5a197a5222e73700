import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CognitoSettings } from '../cognito/cognito-settings';
import { AppConfig } from '../config/app-config';
import { AuthController } from './auth.controller';
import { CognitoSessionService } from './cognito-session.service';
import { GroupsGuard } from './guards/groups.guard';
import { JwtGuard } from './guards/jwt.guard';
import { BoundedIdentityJsClient } from './identity-js-client';
import { MemoryRevocationStore } from './revocation/memory-revocation.store';
import { RevocationStore } from './revocation/revocation.store';
import { TokenVerifier } from './token-verifier';

@Module({
  controllers: [AuthController],
  providers: [
    TokenVerifier,
    CognitoSessionService,
    {
      provide: BoundedIdentityJsClient,
      inject: [CognitoSettings, AppConfig],
      useFactory: (settings: CognitoSettings, config: AppConfig) =>
        new BoundedIdentityJsClient(settings.apiEndpoint, config.cognitoTimeoutMs),
    },
    // One instance's memory; a shared store (Redis) replaces it when instances must agree.
    { provide: RevocationStore, useFactory: () => new MemoryRevocationStore() },
    // Order matters: authenticate first, then check groups.
    { provide: APP_GUARD, useClass: JwtGuard },
    { provide: APP_GUARD, useClass: GroupsGuard },
  ],
  exports: [TokenVerifier, RevocationStore],
})
export class AuthModule {}
