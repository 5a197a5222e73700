import type { UserPoolService } from 'cognito-local/lib/services/userPoolService';

/** SignInPolicy.AllowedFirstAuthFactors: what choice-based sign-in (USER_AUTH) may start with. */
export const FIRST_AUTH_FACTORS = ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN'] as const;
export type FirstAuthFactor = (typeof FIRST_AUTH_FACTORS)[number];

/** The pool settings of choice-based sign-in; cognito-local's pool type (aws-sdk v2) predates them. */
export interface SignInSettings {
  Policies?: { SignInPolicy?: { AllowedFirstAuthFactors?: string[] } };
  WebAuthnRelyingPartyID?: string;
  WebAuthnUserVerification?: 'required' | 'preferred';
}

/** What the seeded local pool offers: every first factor, passkeys for pages served on localhost. */
export const SEEDED_SIGN_IN_SETTINGS = {
  SignInPolicy: { AllowedFirstAuthFactors: [...FIRST_AUTH_FACTORS] },
  WebAuthnRelyingPartyID: 'localhost',
  WebAuthnUserVerification: 'preferred',
} as const;

/** AWS: a pool without a SignInPolicy signs in with a password only. */
export function allowedFirstFactors(pool: UserPoolService): FirstAuthFactor[] {
  const settings = pool.options as SignInSettings;
  const allowed = settings.Policies?.SignInPolicy?.AllowedFirstAuthFactors ?? ['PASSWORD'];
  return FIRST_AUTH_FACTORS.filter((factor) => allowed.includes(factor));
}

/** AdminCreateUser may create a user without a password only when one can sign in by code. */
export function passwordlessAvailable(pool: UserPoolService): boolean {
  const allowed = allowedFirstFactors(pool);
  return allowed.includes('EMAIL_OTP') || allowed.includes('SMS_OTP');
}
