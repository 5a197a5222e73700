import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthController } from './auth.controller';
import { GroupsGuard } from './guards/groups.guard';
import { JwtGuard } from './guards/jwt.guard';
import { TokenVerifier } from './token-verifier';

@Module({
  controllers: [AuthController],
  providers: [
    TokenVerifier,
    // Order matters: authenticate first, then check groups.
    { provide: APP_GUARD, useClass: JwtGuard },
    { provide: APP_GUARD, useClass: GroupsGuard },
  ],
  exports: [TokenVerifier],
})
export class AuthModule {}
