/** The claims revocation is decided on. */
export interface RevocableClaims {
  sub: string;
  iat: number;
  exp: number;
  origin_jti?: string;
}

/**
 * Access tokens the gateway refuses before they expire (Cognito's access tokens are self-contained, so
 * a global sign-out cannot recall them). In memory for one instance; Redis when instances share state.
 */
export abstract class RevocationStore {
  /** Every access token of this user issued at or before `issuedAtOrBefore` (epoch seconds). */
  abstract revokeUser(sub: string, issuedAtOrBefore: number): Promise<void>;
  /** Every access token of one sign-in session (Cognito's `origin_jti`). */
  abstract revokeSession(originJti: string): Promise<void>;
  abstract isRevoked(claims: RevocableClaims): Promise<boolean>;
}
