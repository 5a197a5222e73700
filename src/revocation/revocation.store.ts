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
  /** A store that can answer without I/O answers synchronously (the guard's hot path then awaits nothing). */
  abstract isRevoked(claims: RevocableClaims): boolean | Promise<boolean>;

  /**
   * Rejects when revocations cannot be recorded right now. Called before a step that cannot be undone
   * (revoking at Cognito), so that an unavailable store fails the request before anything changed.
   */
  assertWritable(): Promise<void> {
    return Promise.resolve();
  }

  /**
   * Why guarded routes cannot be answered right now (readiness reports it), or undefined when they can.
   * Only a store shared through Redis can lose step with the others.
   */
  unavailableReason(): string | undefined {
    return undefined;
  }

  /**
   * A change at Cognito that ends a user's sessions (sign-out, deletion, a new password…), then the
   * refusal here of every access token of the user that `change` answers, issued up to now. The store is
   * checked first, so that when it cannot record the revocation the request fails before Cognito changed.
   */
  async revokeUserAfter(change: () => Promise<string | undefined>): Promise<void> {
    await this.assertWritable();
    const sub = await change();
    if (sub) await this.revokeUserNow(sub);
  }

  /**
   * Revokes every access token of `sub` issued up to now, for a global sign-out (user or admin).
   *
   * The same-second rule: `iat` has one-second resolution, so a token issued earlier in the current
   * second S cannot be told apart from one issued later in S. We revoke everything with iat ≤ S and
   * resolve only once the clock has reached S+1: a token issued before the sign-out is refused, and a
   * sign-in that starts after the sign-out has answered gets iat ≥ S+1 and is accepted. A sign-in racing
   * the sign-out inside the same second loses (the sign-out wins ties). Clocks are Cognito's and ours,
   * assumed NTP-synchronised.
   */
  async revokeUserNow(sub: string, nowMs: () => number = Date.now): Promise<void> {
    const second = Math.floor(nowMs() / 1000);
    await this.revokeUser(sub, second);
    const wait = (second + 1) * 1000 - nowMs();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
}
