import { ApiProperty } from '@nestjs/swagger';

export class TotpSetupResponseDto {
  /** Base32 secret for the authenticator app; confirm with POST /auth/mfa/totp/verify. */
  @ApiProperty({ example: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' })
  secretCode!: string;

  @ApiProperty({
    example: 'otpauth://totp/Cognito%20Gateway:alice?secret=JBSWY3DPEHPK3PXP&issuer=Cognito%20Gateway',
  })
  otpauthUri!: string;
}
