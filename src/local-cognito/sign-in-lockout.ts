/** Failed password sign-ins allowed before Cognito starts locking the user out. */
const FREE_FAILURES = 5;
/** The longest lockout ("up to a maximum of approximately 15 minutes"). */
const MAX_LOCK_MS = 15 * 60_000;
/** No attempt for this long after a lockout resets the count. */
const QUIET_RESET_MS = 15 * 60_000;
const MAX_RECORDS = 10_000;

interface Record {
  failures: number;
  lockedUntil: number;
  lastAttempt: number;
}

/**
 * Cognito's lockout for failed password sign-ins (developer guide, "Lockout behavior for failed sign-in
 * attempts"): after the fifth failure in a row the user is locked for 2^(n-5) seconds, n being the
 * failures so far, up to ~15 minutes. An attempt during a lockout fails with "Password attempts exceeded"
 * whatever the password, and neither counts nor lengthens it. A success after the lockout, or 15 quiet
 * minutes, starts over. Kept per username whether or not the user exists, so that the answers do not tell
 * (PreventUserExistenceErrors); in memory, as a restart of Cognito's would not be seen.
 */
export class SignInLockout {
  private readonly records = new Map<string, Record>();

  constructor(private readonly nowMs: () => number) {}

  /** Whether a sign-in attempt is refused now, before its password is looked at (it still counts as an attempt). */
  refuses(poolId: string, username: string): boolean {
    const record = this.current(poolId, username);
    if (!record) return false;
    record.lastAttempt = this.nowMs();
    return record.lockedUntil > record.lastAttempt;
  }

  failed(poolId: string, username: string): void {
    const now = this.nowMs();
    const record = this.current(poolId, username) ?? { failures: 0, lockedUntil: 0, lastAttempt: now };
    record.failures += 1;
    record.lastAttempt = now;
    if (record.failures >= FREE_FAILURES) {
      record.lockedUntil = now + Math.min(1000 * 2 ** (record.failures - FREE_FAILURES), MAX_LOCK_MS);
    }
    this.sweep(now);
    this.records.set(key(poolId, username), record);
  }

  succeeded(poolId: string, username: string): void {
    this.records.delete(key(poolId, username));
  }

  /** The user's record, unless 15 quiet minutes have passed since the last attempt. */
  private current(poolId: string, username: string): Record | undefined {
    const record = this.records.get(key(poolId, username));
    if (record && this.nowMs() - record.lastAttempt >= QUIET_RESET_MS) {
      this.records.delete(key(poolId, username));
      return undefined;
    }
    return record;
  }

  /** Guessing at many made-up usernames must not grow the map without end: quiet ones go, then the oldest. */
  private sweep(now: number): void {
    if (this.records.size < MAX_RECORDS) return;
    for (const [k, record] of this.records)
      if (now - record.lastAttempt >= QUIET_RESET_MS) this.records.delete(k);
    for (const k of this.records.keys()) {
      if (this.records.size < MAX_RECORDS) break;
      this.records.delete(k);
    }
  }
}

const key = (poolId: string, username: string): string => `${poolId}\u0000${username}`;
