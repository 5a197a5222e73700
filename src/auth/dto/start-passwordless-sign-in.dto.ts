import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { PASSWORDLESS_METHODS, type PasswordlessMethod } from '../sign-in-result';
import { IsUsername } from './credential-rules';

export class StartPasswordlessSignInDto {
  @ApiProperty({ example: 'alice', minLength: 1, maxLength: 128 })
  @IsUsername()
  username!: string;

  /** Where the one-time code goes: the user's verified email (EMAIL_OTP) or phone (SMS_OTP). */
  @ApiProperty({ enum: PASSWORDLESS_METHODS, enumName: 'PasswordlessMethod', example: 'EMAIL_OTP' })
  @IsIn(PASSWORDLESS_METHODS)
  method!: PasswordlessMethod;
}
