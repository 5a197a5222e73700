import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { IsSixDigitCode } from './credential-rules';
import { Omittable } from '../../common/omittable.decorator';

export class VerifyTotpDto {
  /** The current code of the authenticator app enrolled with POST /auth/mfa/totp. */
  @ApiProperty({ example: '123456', pattern: '^\\d{6}$' })
  @IsSixDigitCode()
  code!: string;

  @ApiPropertyOptional({ example: 'Alice’s phone', minLength: 1, maxLength: 128 })
  @Omittable()
  @IsString()
  @Length(1, 128)
  deviceName?: string;
}
