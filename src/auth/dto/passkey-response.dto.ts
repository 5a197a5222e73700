import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CREATION_OPTIONS_EXAMPLE } from './webauthn-examples';

export class PasskeyResponseDto {
  /** The credential's id (base64url), as the browser names it; use it to delete the passkey. */
  @ApiProperty({ example: 'AaFdkcD4SuPjF-jwo2KZk2cbzw' })
  credentialId!: string;

  /** The authenticator's name, when Cognito knows one. */
  @ApiPropertyOptional({ example: 'Chrome on Mac' })
  friendlyName?: string;

  /** The domain the passkey works on. */
  @ApiProperty({ example: 'app.example.com' })
  relyingPartyId!: string;

  /** `platform` (built into the device) or `cross-platform` (a security key, a phone). */
  @ApiPropertyOptional({ example: 'platform' })
  authenticatorAttachment?: string;

  @ApiProperty({ example: '2026-12-05T10:00:00.000Z', format: 'date-time' })
  createdAt!: string;
}

export class PasskeyListResponseDto {
  @ApiProperty({ type: [PasskeyResponseDto] })
  passkeys!: PasskeyResponseDto[];
}

export class PasskeyRegistrationOptionsResponseDto {
  /** PublicKeyCredentialCreationOptionsJSON: pass it to navigator.credentials.create(). */
  @ApiProperty({ type: 'object', additionalProperties: true, example: CREATION_OPTIONS_EXAMPLE })
  credentialCreationOptions!: Record<string, unknown>;
}
