import {
  AuthenticationResultType,
  InitiateAuthCommandOutput,
} from '@aws-sdk/client-cognito-identity-provider';

/** Tokens as Cognito issued them; any of them may be missing from an answer. */
export interface IssuedTokens {
  accessToken?: string;
  idToken?: string;
  refreshToken?: string;
  expiresIn?: number;
}

/** One step of a sign-in: tokens, or the challenge Cognito asks for next. */
export interface AuthStep {
  tokens?: IssuedTokens;
  challenge?: { name: string; session?: string; parameters: Record<string, string> };
}

/** A signed-in user's verified tokens, as the app sent them. */
export interface UserSessionTokens {
  username: string;
  accessToken: string;
  idToken: string;
}

export interface CognitoUserRecord {
  username?: string;
  attributes: Record<string, string>;
  mfaMethods: string[];
  preferredMfa?: string;
}

/** Where Cognito sent a code, as it says (the local Cognito does not mask the destination). */
export interface CodeDeliveryDetails {
  medium?: string;
  destination?: string;
}

/** A passkey as Cognito lists it (ListWebAuthnCredentials). */
export interface PasskeyRecord {
  credentialId: string;
  friendlyName?: string;
  relyingPartyId: string;
  authenticatorAttachment?: string;
  createdAt: Date;
}

/** WebAuthn's JSON forms (PublicKeyCredential.toJSON() and the options), as Cognito takes and gives them. */
export type WebAuthnJson = Record<string, unknown>;

export type MfaCodeChallenge = 'SOFTWARE_TOKEN_MFA' | 'SMS_MFA';

/** Choice-based sign-in's one-time codes. */
export type OtpChallenge = 'EMAIL_OTP' | 'SMS_OTP';

export function stepOf(output: InitiateAuthCommandOutput): AuthStep {
  if (output.AuthenticationResult) return { tokens: issuedTokens(output.AuthenticationResult) };
  return {
    challenge: {
      name: output.ChallengeName ?? '',
      session: output.Session,
      parameters: output.ChallengeParameters ?? {},
    },
  };
}

export function issuedTokens(result: AuthenticationResultType): IssuedTokens {
  return {
    accessToken: result.AccessToken,
    idToken: result.IdToken,
    refreshToken: result.RefreshToken,
    expiresIn: result.ExpiresIn,
  };
}
