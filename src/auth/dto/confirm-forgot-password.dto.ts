import { ApiProperty } from '@nestjs/swagger';
import { IsNewPassword, IsSixDigitCode, IsUsername } from './credential-rules';

export class ConfirmForgotPasswordDto {
  @ApiProperty({ example: 'alice', minLength: 1, maxLength: 128 })
  @IsUsername()
  username!: string;

  /** The code sent by forgot-password (or after an administrator's reset). */
  @ApiProperty({ example: '123456', pattern: '^\\d{6}$' })
  @IsSixDigitCode()
  code!: string;

  @ApiProperty({ example: 'N3w#Passw0rd', format: 'password', minLength: 6, maxLength: 256 })
  @IsNewPassword()
  newPassword!: string;
}
