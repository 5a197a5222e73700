/** What the app receives after a sign-in step (API.md: SignInResult, Tokens). */
export interface Tokens {
  idToken: string;
  accessToken: string;
  /** Always after a sign-in; after a refresh only when Cognito rotated it. */
  refreshToken?: string;
  expiresIn: number;
  tokenType: 'Bearer';
}

export const CHALLENGE_NAMES = [
  'NEW_PASSWORD_REQUIRED',
  'SOFTWARE_TOKEN_MFA',
  'SMS_MFA',
  'MFA_SETUP',
  'EMAIL_OTP',
  'SMS_OTP',
  'WEB_AUTHN',
] as const;
export type ChallengeName = (typeof CHALLENGE_NAMES)[number];

export interface Challenge {
  name: ChallengeName;
  session: string;
  /** NEW_PASSWORD_REQUIRED: attributes the user must supply with the new password. */
  requiredAttributes?: string[];
  /** MFA_SETUP: the authenticator secret to enrol; answer with a code on the MFA challenge route. */
  secretCode?: string;
  otpauthUri?: string;
  /** SMS_MFA, EMAIL_OTP, SMS_OTP: where the code went, masked. */
  delivery?: CodeDelivery;
  /** WEB_AUTHN: PublicKeyCredentialRequestOptionsJSON, for navigator.credentials.get(). */
  credentialRequestOptions?: Record<string, unknown>;
}

/** Passwordless sign-in: a one-time code by email or by SMS. */
export const PASSWORDLESS_METHODS = ['EMAIL_OTP', 'SMS_OTP'] as const;
export type PasswordlessMethod = (typeof PASSWORDLESS_METHODS)[number];

export type SignInResult =
  { status: 'AUTHENTICATED'; tokens: Tokens } | { status: 'CHALLENGE'; challenge: Challenge };

export type TotpPreference = 'DISABLED' | 'ENABLED' | 'PREFERRED';

export interface Profile {
  username: string;
  sub: string;
  attributes: Record<string, string>;
  mfa: { totp: TotpPreference };
}

/** The attributes a user verifies with a code (API.md: POST /auth/me/verification). */
export const VERIFIABLE_ATTRIBUTES = ['email', 'phone_number'] as const;
export type VerifiableAttribute = (typeof VERIFIABLE_ATTRIBUTES)[number];

/** A passkey of the signed-in user (API.md: Passkey). */
export interface Passkey {
  credentialId: string;
  friendlyName?: string;
  relyingPartyId: string;
  authenticatorAttachment?: string;
  /** ISO-8601. */
  createdAt: string;
}

export interface CodeDelivery {
  deliveryMedium?: string;
  destination?: string;
}

export interface TotpSetup {
  secretCode: string;
  otpauthUri: string;
}
