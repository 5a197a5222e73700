import { hash } from 'node:crypto';

interface Entry<T> {
  claims: T;
  expiresAtMs: number;
}

/**
 * Claims of tokens that already passed full verification, so a token seen again skips the RSA check.
 * Keyed by a hash of the whole token (never a decoded claim, so a forged token cannot hit an entry);
 * an entry dies no later than its token; least recently used entries go first when full.
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
    this.entries.delete(key);
    if (entry.expiresAtMs <= this.now()) return undefined;
    this.entries.set(key, entry);
    return entry.claims;
  }

  /** `expSeconds` is the token's own `exp`: the entry never outlives the token. */
  set(token: string, claims: T, expSeconds: number): void {
    const expiresAtMs = expSeconds * 1000;
    if (expiresAtMs <= this.now()) return;
    const key = keyOf(token);
    this.entries.delete(key);
    this.entries.set(key, { claims, expiresAtMs });
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }
}

function keyOf(token: string): string {
  return hash('sha256', token, 'base64');
}
