import { ApiProperty } from '@nestjs/swagger';
import type { TotpPreference } from '../sign-in-result';
import { TOTP_PREFERENCES } from './set-mfa-preference.dto';

export class MfaSettingsResponseDto {
  @ApiProperty({ enum: TOTP_PREFERENCES, enumName: 'TotpPreference', example: 'DISABLED' })
  totp!: TotpPreference;
}

export class ProfileResponseDto {
  @ApiProperty({ example: 'alice' })
  username!: string;

  @ApiProperty({ example: '3f1c0a4e-8e0b-4c65-9d0e-2a1f3c4d5e6f', format: 'uuid' })
  sub!: string;

  /** The user's Cognito attributes (all values are strings, as Cognito stores them). */
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { email: 'alice@example.com', email_verified: 'true', name: 'Alice Liddell' },
  })
  attributes!: Record<string, string>;

  @ApiProperty({ type: MfaSettingsResponseDto })
  mfa!: MfaSettingsResponseDto;
}
