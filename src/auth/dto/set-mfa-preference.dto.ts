import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import type { TotpPreference } from '../sign-in-result';

export const TOTP_PREFERENCES: readonly TotpPreference[] = ['DISABLED', 'ENABLED', 'PREFERRED'];

export class SetMfaPreferenceDto {
  /** ENABLED and PREFERRED need a verified authenticator app (POST /auth/mfa/totp/verify). */
  @ApiProperty({ enum: TOTP_PREFERENCES, enumName: 'TotpPreference', example: 'PREFERRED' })
  @IsIn(TOTP_PREFERENCES)
  totp!: TotpPreference;
}
