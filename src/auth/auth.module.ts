import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CognitoModule } from '../cognito/cognito.module';
import { CognitoSettings } from '../cognito/cognito-settings';
import { AppConfig } from '../config/app-config';
import { MetricsModule } from '../metrics/metrics.module';
import { MetricsService } from '../metrics/metrics.service';
import { RevocationModule } from '../revocation/revocation.module';
import { AuthController } from './auth.controller';
import { CognitoSessionService } from './cognito-session.service';
import { GroupsGuard } from './guards/groups.guard';
import { JwtGuard } from './guards/jwt.guard';
import { BoundedIdentityJsClient } from './identity-js-client';
import { TokenVerifier } from './token-verifier';

@Module({
  imports: [CognitoModule, MetricsModule, RevocationModule],
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
    // Order matters: authenticate first, then check groups.
    { provide: APP_GUARD, useClass: JwtGuard },
    { provide: APP_GUARD, useClass: GroupsGuard },
  ],
  exports: [TokenVerifier, BoundedIdentityJsClient],
})
export class AuthModule {}
