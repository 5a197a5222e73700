import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { VERIFIABLE_ATTRIBUTES, type VerifiableAttribute } from '../sign-in-result';
import { IsSixDigitCode } from './credential-rules';

export class ConfirmAttributeVerificationDto {
  @ApiProperty({ enum: VERIFIABLE_ATTRIBUTES, enumName: 'VerifiableAttribute', example: 'email' })
  @IsIn(VERIFIABLE_ATTRIBUTES)
  attribute!: VerifiableAttribute;

  /** The code sent by POST /auth/me/verification, or by PATCH /auth/me when the address changed. */
  @ApiProperty({ example: '123456', pattern: '^\\d{6}$' })
  @IsSixDigitCode()
  code!: string;
}
