import { hash } from 'node:crypto';

interface Entry<T> {
  claims: T;
  expiresAtMs: number;
  /** Read since eviction last came round to it (second chance). */
  recent: boolean;
}

/**
 * Claims of tokens that already passed full verification, so a token seen again skips the RSA check.
 * Keyed by a hash of the whole token (never a decoded claim, so a forged token cannot hit an entry);
 * an entry dies no later than its token. When full, least recently used entries go first, by the
 * second-chance (CLOCK) rule: a hit only sets a flag, instead of moving the entry in the map.
 */
export class VerifiedTokenCache<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get(token: string): T | undefined {
    const key = keyOf(token);
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAtMs <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    entry.recent = true;
    return entry.claims;
  }

  /** `expSeconds` is the token's own `exp`: the entry never outlives the token. */
  set(token: string, claims: T, expSeconds: number): void {
    const expiresAtMs = expSeconds * 1000;
    if (expiresAtMs <= this.now()) return;
    const key = keyOf(token);
    this.entries.delete(key);
    this.entries.set(key, { claims, expiresAtMs, recent: false });
    if (this.entries.size > this.maxEntries) this.evictOne();
  }

  /** From the oldest: an entry read since it was last passed goes to the back once; the first unread one goes. */
  private evictOne(): void {
    for (const [key, entry] of this.entries) {
      this.entries.delete(key);
      if (!entry.recent) return;
      entry.recent = false;
      this.entries.set(key, entry);
    }
  }
}

function keyOf(token: string): string {
  return hash('sha256', token, 'base64');
}
