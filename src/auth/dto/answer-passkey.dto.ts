import { ApiProperty } from '@nestjs/swagger';
import { IsChallengeSession, IsUsername } from './credential-rules';
import { AUTHENTICATION_CREDENTIAL_EXAMPLE } from './webauthn-examples';
import { IsWebAuthnCredential } from './webauthn-rules';

export class AnswerPasskeyDto {
  @ApiProperty({ example: 'alice', minLength: 1, maxLength: 128 })
  @IsUsername()
  username!: string;

  /** The `session` of the WEB_AUTHN challenge. */
  @ApiProperty({ example: 'WEB_AUTHN:AYABeC…' })
  @IsChallengeSession()
  session!: string;

  /** What navigator.credentials.get() gave, as `credential.toJSON()`. */
  @ApiProperty({ type: 'object', additionalProperties: true, example: AUTHENTICATION_CREDENTIAL_EXAMPLE })
  @IsWebAuthnCredential('authentication')
  credential!: Record<string, unknown>;
}
