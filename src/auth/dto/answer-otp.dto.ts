import { ApiProperty } from '@nestjs/swagger';
import { IsChallengeSession, IsSignInCode, IsUsername } from './credential-rules';

export class AnswerOtpDto {
  @ApiProperty({ example: 'alice', minLength: 1, maxLength: 128 })
  @IsUsername()
  username!: string;

  /** The `session` of the EMAIL_OTP or SMS_OTP challenge. */
  @ApiProperty({ example: 'EMAIL_OTP:AYABeC…' })
  @IsChallengeSession()
  session!: string;

  /** The code from the email or text message. */
  @ApiProperty({ example: '12345678', pattern: '^\\d{6,8}$' })
  @IsSignInCode()
  code!: string;
}
