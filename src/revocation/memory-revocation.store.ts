import { RevocableClaims, RevocationStore } from './revocation.store';

/** Cognito issues access tokens valid for at most one day: no revoked token outlives its entry. */
export const MAX_ACCESS_TOKEN_LIFETIME_SECONDS = 24 * 3600;

const SWEEP_INTERVAL_MS = 60_000;

/**
 * One instance's revocations, in memory. An entry lives only as long as a token it covers can:
 * a user cut-off at second S covers tokens issued up to S, all expired by S + the longest access-token
 * lifetime; a revoked session mints no new access tokens (Cognito refuses its refresh token), so its
 * entry ends one lifetime after the revocation. Expired entries are swept, so memory stays bounded by
 * the sign-outs of the last day.
 */
export class MemoryRevocationStore extends RevocationStore {
  /** sub → the latest cut-off (epoch seconds) and when the entry can go. */
  private readonly users = new Map<string, { issuedAtOrBefore: number; expiresAt: number }>();
  /** origin_jti → when the entry can go (epoch seconds). */
  private readonly sessions = new Map<string, number>();
  private lastSweepMs = 0;

  constructor(
    private readonly nowMs: () => number = Date.now,
    private readonly maxLifetimeSeconds = MAX_ACCESS_TOKEN_LIFETIME_SECONDS,
  ) {
    super();
  }

  revokeUser(sub: string, issuedAtOrBefore: number): Promise<void> {
    this.recordUser(sub, issuedAtOrBefore);
    return Promise.resolve();
  }

  revokeSession(originJti: string): Promise<void> {
    this.recordSession(originJti, this.nowSeconds() + this.maxLifetimeSeconds);
    return Promise.resolve();
  }

  /** Raises the user's cut-off (never lowers it): also how a replica applies what another copy recorded. */
  recordUser(sub: string, issuedAtOrBefore: number): void {
    this.sweep();
    const expiresAt = issuedAtOrBefore + this.maxLifetimeSeconds;
    if (expiresAt <= this.nowSeconds()) return; // every token it would cover has expired already
    const current = this.users.get(sub);
    if (!current || current.issuedAtOrBefore < issuedAtOrBefore) {
      this.users.set(sub, { issuedAtOrBefore, expiresAt });
    }
  }

  /** Refuses the session's tokens until `expiresAt` (epoch seconds), keeping the later end of two. */
  recordSession(originJti: string, expiresAt: number): void {
    this.sweep();
    if (expiresAt <= this.nowSeconds()) return;
    const current = this.sessions.get(originJti);
    if (current === undefined || current < expiresAt) this.sessions.set(originJti, expiresAt);
  }

  isRevoked(claims: RevocableClaims): boolean {
    const user = this.users.get(claims.sub);
    if (user && claims.iat <= user.issuedAtOrBefore) return true;
    return claims.origin_jti !== undefined && this.sessions.has(claims.origin_jti);
  }

  /** Entries still held (for tests and metrics). */
  get size(): number {
    return this.users.size + this.sessions.size;
  }

  private nowSeconds(): number {
    return Math.floor(this.nowMs() / 1000);
  }

  private sweep(): void {
    const now = this.nowMs();
    if (now - this.lastSweepMs < SWEEP_INTERVAL_MS) return;
    this.lastSweepMs = now;
    const seconds = Math.floor(now / 1000);
    for (const [sub, entry] of this.users) if (entry.expiresAt <= seconds) this.users.delete(sub);
    for (const [jti, expiresAt] of this.sessions) if (expiresAt <= seconds) this.sessions.delete(jti);
  }
}
