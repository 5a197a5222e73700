import { OnApplicationShutdown } from '@nestjs/common';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { MAX_ACCESS_TOKEN_LIFETIME_SECONDS, MemoryRevocationStore } from './memory-revocation.store';
import { RevocableClaims, RevocationStore } from './revocation.store';

/** Expired rows are deleted at most this often (and at every start). */
const PURGE_INTERVAL_MS = 60_000;
/**
 * How long a start waits for the file's previous owner to let go of it: above the 10 s shutdown grace, so
 * that a restart on the same volume waits for the old process instead of failing.
 */
const LOCK_WAIT_MS = 15_000;

/**
 * One instance's revocations in a SQLite file (node:sqlite), so that a restart forgets no sign-out. The
 * same expiry rules as the memory and Redis stores: a row lives as long as a token it covers can. Every
 * row is also held in memory, loaded at start, so the guard answers without I/O; a write reaches the
 * disk (WAL, synchronous=FULL) before the sign-out answers. The file is locked exclusively: a second
 * gateway on it waits, then refuses to start, since it would not see the first one's revocations.
 */
export class SqliteRevocationStore extends RevocationStore implements OnApplicationShutdown {
  private readonly replica: MemoryRevocationStore;
  private readonly db: DatabaseSync;
  private readonly upsertUser: StatementSync;
  private readonly upsertSession: StatementSync;
  private lastPurgeMs = 0;

  constructor(
    readonly file: string,
    private readonly nowMs: () => number = Date.now,
    private readonly maxLifetimeSeconds = MAX_ACCESS_TOKEN_LIFETIME_SECONDS,
    lockWaitMs = LOCK_WAIT_MS,
  ) {
    super();
    this.replica = new MemoryRevocationStore(nowMs, maxLifetimeSeconds);
    mkdirSync(path.dirname(file), { recursive: true });
    // Loaded here, not at boot: an instance with Redis never needs it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { DatabaseSync: Database } = require('node:sqlite') as typeof import('node:sqlite');
    this.db = new Database(file, { timeout: lockWaitMs });
    try {
      this.db.exec(`
        PRAGMA locking_mode = EXCLUSIVE;
        PRAGMA journal_mode = WAL;
        PRAGMA synchronous = FULL;
        CREATE TABLE IF NOT EXISTS revoked_users (
          sub TEXT PRIMARY KEY, issued_at_or_before INTEGER NOT NULL, expires_at INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS revoked_sessions (
          origin_jti TEXT PRIMARY KEY, expires_at INTEGER NOT NULL);
      `);
    } catch (error) {
      this.db.close();
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`cannot open the revocation store ${file} (${reason}): is another gateway using it?`);
    }
    this.upsertUser = this.db.prepare(`
      INSERT INTO revoked_users (sub, issued_at_or_before, expires_at) VALUES (?, ?, ?)
      ON CONFLICT (sub) DO UPDATE SET issued_at_or_before = excluded.issued_at_or_before,
        expires_at = excluded.expires_at
      WHERE excluded.issued_at_or_before > revoked_users.issued_at_or_before`);
    this.upsertSession = this.db.prepare(`
      INSERT INTO revoked_sessions (origin_jti, expires_at) VALUES (?, ?)
      ON CONFLICT (origin_jti) DO UPDATE SET expires_at = max(expires_at, excluded.expires_at)`);
    this.purge();
    const users = this.db.prepare('SELECT sub, issued_at_or_before AS cutOff FROM revoked_users').all();
    for (const row of users) this.replica.recordUser(String(row.sub), Number(row.cutOff));
    const sessions = this.db
      .prepare('SELECT origin_jti AS jti, expires_at AS expiresAt FROM revoked_sessions')
      .all();
    for (const row of sessions) this.replica.recordSession(String(row.jti), Number(row.expiresAt));
  }

  revokeUser(sub: string, issuedAtOrBefore: number): Promise<void> {
    const expiresAt = issuedAtOrBefore + this.maxLifetimeSeconds;
    if (expiresAt <= this.nowSeconds()) return Promise.resolve();
    this.purgeNowAndThen();
    this.upsertUser.run(sub, issuedAtOrBefore, expiresAt);
    this.replica.recordUser(sub, issuedAtOrBefore);
    return Promise.resolve();
  }

  revokeSession(originJti: string): Promise<void> {
    const expiresAt = this.nowSeconds() + this.maxLifetimeSeconds;
    this.purgeNowAndThen();
    this.upsertSession.run(originJti, expiresAt);
    this.replica.recordSession(originJti, expiresAt);
    return Promise.resolve();
  }

  isRevoked(claims: RevocableClaims): boolean {
    return this.replica.isRevoked(claims);
  }

  /** Entries held (for tests). */
  get size(): number {
    return this.replica.size;
  }

  onApplicationShutdown(): void {
    if (this.db.isOpen) this.db.close();
  }

  private purgeNowAndThen(): void {
    if (this.nowMs() - this.lastPurgeMs >= PURGE_INTERVAL_MS) this.purge();
  }

  private purge(): void {
    this.lastPurgeMs = this.nowMs();
    const now = this.nowSeconds();
    this.db.prepare('DELETE FROM revoked_users WHERE expires_at <= ?').run(now);
    this.db.prepare('DELETE FROM revoked_sessions WHERE expires_at <= ?').run(now);
  }

  private nowSeconds(): number {
    return Math.floor(this.nowMs() / 1000);
  }
}
