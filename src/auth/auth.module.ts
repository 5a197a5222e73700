import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CognitoModule } from '../cognito/cognito.module';
import { MetricsModule } from '../metrics/metrics.module';
import { RevocationModule } from '../revocation/revocation.module';
import { AccountService } from './account.service';
import { AuthController } from './auth.controller';
import { GroupsGuard } from './guards/groups.guard';
import { JwtGuard } from './guards/jwt.guard';
import { PasswordsService } from './passwords.service';
import { ProfileService } from './profile.service';
import { SignInService } from './sign-in.service';
import { TokenVerifier } from './token-verifier';
import { TokensService } from './tokens.service';

@Module({
  imports: [CognitoModule, MetricsModule, RevocationModule],
  controllers: [AuthController],
  providers: [
    TokenVerifier,
    SignInService,
    TokensService,
    PasswordsService,
    ProfileService,
    AccountService,
    // Order matters: authenticate first, then check groups.
    { provide: APP_GUARD, useClass: JwtGuard },
    { provide: APP_GUARD, useClass: GroupsGuard },
  ],
  exports: [TokenVerifier],
})
export class AuthModule {}
