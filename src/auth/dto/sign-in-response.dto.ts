import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CHALLENGE_NAMES, type ChallengeName } from '../sign-in-result';
import { CodeDeliveryResponseDto } from './code-delivery-response.dto';
import { TokensResponseDto } from './tokens-response.dto';
import { REQUEST_OPTIONS_EXAMPLE } from './webauthn-examples';

export class ChallengeResponseDto {
  /**
   * What to answer: NEW_PASSWORD_REQUIRED on /auth/challenges/new-password, the MFA ones on
   * /auth/challenges/mfa, EMAIL_OTP and SMS_OTP on /auth/challenges/otp, WEB_AUTHN on
   * /auth/challenges/passkey.
   */
  @ApiProperty({ enum: CHALLENGE_NAMES, enumName: 'ChallengeName', example: 'NEW_PASSWORD_REQUIRED' })
  name!: ChallengeName;

  /** Opaque; send it back with the answer (valid for a few minutes). */
  @ApiProperty({ example: 'NEW_PASSWORD_REQUIRED:AYABeC…' })
  session!: string;

  /** NEW_PASSWORD_REQUIRED: attributes to send in `attributes` with the new password. */
  @ApiPropertyOptional({ type: [String], example: ['name'] })
  requiredAttributes?: string[];

  /** MFA_SETUP: the secret to enrol in an authenticator app, then answer with its code. */
  @ApiPropertyOptional({ example: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' })
  secretCode?: string;

  /** MFA_SETUP: the same secret as an otpauth:// URI (for a QR code). */
  @ApiPropertyOptional({
    example: 'otpauth://totp/Cognito%20Gateway:alice?secret=JBSWY3DPEHPK3PXP&issuer=Cognito%20Gateway',
  })
  otpauthUri?: string;

  /** SMS_MFA, EMAIL_OTP, SMS_OTP: where the code went, masked (`{deliveryMedium: "SMS", destination: "+*******0123"}`). */
  @ApiPropertyOptional({ type: CodeDeliveryResponseDto })
  delivery?: CodeDeliveryResponseDto;

  /** WEB_AUTHN: PublicKeyCredentialRequestOptionsJSON, to pass to navigator.credentials.get(). */
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: REQUEST_OPTIONS_EXAMPLE })
  credentialRequestOptions?: Record<string, unknown>;
}

/** Either signed in (`tokens`) or one more step to take (`challenge`). */
export class SignInResponseDto {
  @ApiProperty({ enum: ['AUTHENTICATED', 'CHALLENGE'], example: 'AUTHENTICATED' })
  status!: 'AUTHENTICATED' | 'CHALLENGE';

  /** With status AUTHENTICATED. */
  @ApiPropertyOptional({ type: TokensResponseDto })
  tokens?: TokensResponseDto;

  /** With status CHALLENGE. */
  @ApiPropertyOptional({ type: ChallengeResponseDto })
  challenge?: ChallengeResponseDto;
}
