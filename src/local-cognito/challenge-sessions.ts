import { randomBytes } from 'node:crypto';

/** State of one pending challenge (PASSWORD_VERIFIER keyed by SECRET_BLOCK, the others by Session). */
export interface ChallengeState {
  challengeName:
    | 'PASSWORD_VERIFIER'
    | 'NEW_PASSWORD_REQUIRED'
    | 'SOFTWARE_TOKEN_MFA'
    | 'MFA_SETUP'
    | 'SMS_MFA'
    | ChoiceChallengeName;
  clientId: string;
  userPoolId: string;
  /** The user it was issued to; '' for a username that names no user (the answer then fails). */
  username: string;
  srp?: { salt: string; srpB: string; b: string; srpA: string };
  /** PASSWORD_VERIFIER: the username the sign-in named, known or not (the lockout's key). */
  attemptedUsername?: string;
  /** MFA_SETUP: the secret AssociateSoftwareToken gave out, then whether VerifySoftwareToken accepted a code. */
  totp?: { secret: string; verified: boolean };
  /** SMS_MFA: the code sent to the user's phone. */
  smsCode?: string;
  /** USER_AUTH: the username as asked for, and the challenges SELECT_CHALLENGE offered. */
  choice?: { requestedUsername: string; available: string[] };
  /** EMAIL_OTP / SMS_OTP: the code sent, and how many wrong answers the session still takes. */
  otp?: { code: string; attemptsLeft: number };
  /** WEB_AUTHN: the challenge of the CREDENTIAL_REQUEST_OPTIONS it gave out (base64url). */
  webAuthn?: { challenge: string };
}

/** RespondToAuthChallenge's request, as every answer reads it. */
export interface RespondRequest {
  ClientId?: string;
  ChallengeName?: string;
  Session?: string;
  ChallengeResponses?: Record<string, string | undefined>;
}

/** The challenges of choice-based sign-in (InitiateAuth USER_AUTH). */
export type ChoiceChallengeName =
  'SELECT_CHALLENGE' | 'PASSWORD' | 'PASSWORD_SRP' | 'EMAIL_OTP' | 'SMS_OTP' | 'WEB_AUTHN';

interface Entry extends ChallengeState {
  expiresAt: number;
}

export type ChallengeLookup = { state: ChallengeState } | { error: 'unknown' | 'expired' };

/** In-memory, time-limited challenge sessions (AWS: 3 minutes). Opaque random keys. */
export class ChallengeSessions {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly nowMs: () => number,
    private readonly ttlMs = 3 * 60_000,
  ) {}

  create(state: ChallengeState, bytes = 96): string {
    this.sweep();
    const key = randomBytes(bytes).toString('base64');
    this.entries.set(key, { ...state, expiresAt: this.nowMs() + this.ttlMs });
    return key;
  }

  lookup(key: string | undefined): ChallengeLookup {
    const entry = key ? this.entries.get(key) : undefined;
    if (!entry) return { error: 'unknown' };
    if (entry.expiresAt <= this.nowMs()) return { error: 'expired' };
    return { state: entry };
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  private sweep(): void {
    if (this.entries.size < 256) return;
    const now = this.nowMs();
    // expired entries linger one more ttl so that late answers get "session is expired"
    for (const [key, entry] of this.entries)
      if (entry.expiresAt + this.ttlMs <= now) this.entries.delete(key);
  }
}
