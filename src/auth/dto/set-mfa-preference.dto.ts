import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import type { TotpPreference } from '../sign-in-result';

export const TOTP_PREFERENCES: readonly TotpPreference[] = ['DISABLED', 'ENABLED', 'PREFERRED'];

export class SetMfaPreferenceDto {
  /** ENABLED and PREFERRED need a verified authenticator app (POST /auth/mfa/totp/verify). */
  // The example is the one value that works for every user, with or without an authenticator app.
  @ApiProperty({ enum: TOTP_PREFERENCES, enumName: 'TotpPreference', example: 'DISABLED' })
  @IsIn(TOTP_PREFERENCES)
  totp!: TotpPreference;
}
