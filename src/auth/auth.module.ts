import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CognitoModule } from '../cognito/cognito.module';
import { MetricsModule } from '../metrics/metrics.module';
import { RevocationModule } from '../revocation/revocation.module';
import { AccountService } from './account.service';
import { AppConfig } from '../config/app-config';
import { AuthController } from './auth.controller';
import { DecoySecret } from './decoy-secret';
import { GroupsGuard } from './guards/groups.guard';
import { JwtGuard } from './guards/jwt.guard';
import { PasskeysService } from './passkeys.service';
import { PasswordsService } from './passwords.service';
import { ProfileService } from './profile.service';
import { SignInService } from './sign-in.service';
import { TokenVerifier } from './token-verifier';
import { TokensService } from './tokens.service';
import { WritableAttributes } from './writable-attributes';

@Module({
  imports: [CognitoModule, MetricsModule, RevocationModule],
  controllers: [AuthController],
  providers: [
    TokenVerifier,
    SignInService,
    TokensService,
    PasswordsService,
    ProfileService,
    PasskeysService,
    WritableAttributes,
    { provide: DecoySecret, inject: [AppConfig], useFactory: DecoySecret.fromConfig },
    AccountService,
    // Order matters: authenticate first, then check groups.
    { provide: APP_GUARD, useClass: JwtGuard },
    { provide: APP_GUARD, useClass: GroupsGuard },
  ],
  exports: [TokenVerifier],
})
export class AuthModule {}
