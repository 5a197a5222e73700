import { rmSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { SqliteRevocationStore } from './sqlite-revocation.store';

describe('SqliteRevocationStore', () => {
  const HOUR = 3600;
  let dir: string;
  let file: string;
  let nowMs: number;
  const now = () => Math.floor(nowMs / 1000);
  const claims = (sub: string, iat: number, originJti?: string) => ({
    sub,
    iat,
    exp: iat + HOUR,
    ...(originJti ? { origin_jti: originJti } : {}),
  });
  const open = () => new SqliteRevocationStore(file, () => nowMs);

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'cgw-sqlite-'));
    file = path.join(dir, 'nested', 'revocations.sqlite');
    nowMs = 1_800_000_000_000;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps revocations across a restart (a new store on the same file)', async () => {
    const first = open();
    await first.revokeUser('alice', now());
    await first.revokeSession('session-1');
    await first.revokeUser('alice', now() - 100); // an older cut-off never lowers the kept one
    first.onApplicationShutdown();

    const second = open();
    expect(second.isRevoked(claims('alice', now()))).toBe(true);
    expect(second.isRevoked(claims('alice', now() + 1))).toBe(false);
    expect(second.isRevoked(claims('bob', now() + 1, 'session-1'))).toBe(true);
    expect(second.isRevoked(claims('bob', now() + 1, 'session-2'))).toBe(false);
    second.onApplicationShutdown();
  });

  it('forgets rows once every token they cover has expired, as the other stores do', async () => {
    const first = open();
    await first.revokeUser('alice', now());
    await first.revokeSession('session-1');
    await first.revokeUser('bob', now() - 24 * HOUR);
    expect(first.size).toBe(2);
    first.onApplicationShutdown();

    nowMs += (24 * HOUR + 1) * 1000;
    const later = open();
    expect(later.size).toBe(0);
    later.onApplicationShutdown();
  });

  it('refuses a second store on a file in use (it would not see the first one’s revocations)', () => {
    const first = open();
    expect(() => new SqliteRevocationStore(file, () => nowMs, undefined, 200)).toThrow(/another gateway/);
    first.onApplicationShutdown();
  });
});
