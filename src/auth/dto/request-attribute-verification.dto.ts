import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { VERIFIABLE_ATTRIBUTES, type VerifiableAttribute } from '../sign-in-result';

export class RequestAttributeVerificationDto {
  /** The attribute to verify: a code goes to the address it holds. */
  @ApiProperty({ enum: VERIFIABLE_ATTRIBUTES, enumName: 'VerifiableAttribute', example: 'email' })
  @IsIn(VERIFIABLE_ATTRIBUTES)
  attribute!: VerifiableAttribute;
}
