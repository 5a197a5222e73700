import { ApiProperty } from '@nestjs/swagger';
import { REGISTRATION_CREDENTIAL_EXAMPLE } from './webauthn-examples';
import { IsWebAuthnCredential } from './webauthn-rules';

export class CompletePasskeyRegistrationDto {
  /** What navigator.credentials.create() gave, as `credential.toJSON()`. */
  @ApiProperty({ type: 'object', additionalProperties: true, example: REGISTRATION_CREDENTIAL_EXAMPLE })
  @IsWebAuthnCredential('registration')
  credential!: Record<string, unknown>;
}
