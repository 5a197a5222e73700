import { ApiProperty } from '@nestjs/swagger';
import { IsChallengeSession, IsSixDigitCode, IsUsername } from './credential-rules';

export class AnswerMfaDto {
  @ApiProperty({ example: 'alice', minLength: 1, maxLength: 128 })
  @IsUsername()
  username!: string;

  /** The `session` of the SOFTWARE_TOKEN_MFA, SMS_MFA or MFA_SETUP challenge. */
  @ApiProperty({ example: 'SOFTWARE_TOKEN_MFA:AYABeC…' })
  @IsChallengeSession()
  session!: string;

  @ApiProperty({ example: '123456', pattern: '^\\d{6}$' })
  @IsSixDigitCode()
  code!: string;
}
