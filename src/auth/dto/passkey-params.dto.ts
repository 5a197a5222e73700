import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import { MAX_CREDENTIAL_ID_LENGTH } from './webauthn-rules';

/** `{credentialId}` in the path: a WebAuthn credential id, base64url. */
export class PasskeyParamsDto {
  @ApiProperty({ example: 'AaFdkcD4SuPjF-jwo2KZk2cbzw', maxLength: MAX_CREDENTIAL_ID_LENGTH })
  @IsString()
  @Length(1, MAX_CREDENTIAL_ID_LENGTH)
  @Matches(/^[A-Za-z0-9_-]+={0,2}$/, { message: '$property must be a base64url credential id' })
  credentialId!: string;
}
