import { MemoryRevocationStore } from './memory-revocation.store';

describe('MemoryRevocationStore', () => {
  const HOUR = 3600;
  let nowMs: number;
  let store: MemoryRevocationStore;
  const claims = (sub: string, iat: number, originJti?: string) => ({
    sub,
    iat,
    exp: iat + HOUR,
    ...(originJti ? { origin_jti: originJti } : {}),
  });

  beforeEach(() => {
    nowMs = 1_800_000_000_000;
    store = new MemoryRevocationStore(() => nowMs);
  });

  it('refuses tokens issued at or before the cut-off, accepts later ones and other users', async () => {
    const now = Math.floor(nowMs / 1000);
    await store.revokeUser('alice', now);
    expect(store.isRevoked(claims('alice', now - 1))).toBe(true);
    expect(store.isRevoked(claims('alice', now))).toBe(true);
    expect(store.isRevoked(claims('alice', now + 1))).toBe(false);
    expect(store.isRevoked(claims('bob', now - 1))).toBe(false);
  });

  it('keeps the latest cut-off when sign-outs arrive out of order', async () => {
    const now = Math.floor(nowMs / 1000);
    await store.revokeUser('alice', now);
    await store.revokeUser('alice', now - 1000);
    expect(store.isRevoked(claims('alice', now - 500))).toBe(true);
  });

  it('does not record a cut-off whose tokens have all expired', async () => {
    await store.revokeUser('alice', Math.floor(nowMs / 1000) - 24 * HOUR);
    expect(store.size).toBe(0);
  });

  it('revokes one session by origin_jti, not the user’s other sessions', async () => {
    await store.revokeSession('session-1');
    expect(store.isRevoked(claims('alice', 1000, 'session-1'))).toBe(true);
    expect(store.isRevoked(claims('alice', 1000, 'session-2'))).toBe(false);
    expect(store.isRevoked(claims('alice', 1000))).toBe(false);
  });

  it('forgets entries once every token they cover has expired (bounded memory)', async () => {
    const now = Math.floor(nowMs / 1000);
    await store.revokeUser('alice', now);
    await store.revokeSession('session-1');
    expect(store.size).toBe(2);
    nowMs += (24 * HOUR + 61) * 1000;
    await store.revokeUser('bob', Math.floor(nowMs / 1000)); // a write triggers the sweep
    expect(store.size).toBe(1);
  });

  describe('revokeUserNow (the same-second rule)', () => {
    beforeEach(() => jest.useFakeTimers({ now: 1_800_000_000_400 }));
    afterEach(() => jest.useRealTimers());

    it('refuses a token of the current second and resolves only in the next second', async () => {
      const realStore = new MemoryRevocationStore();
      let done = false;
      const signOut = realStore.revokeUserNow('alice').then(() => (done = true));
      await Promise.resolve();
      expect(realStore.isRevoked(claims('alice', 1_800_000_000))).toBe(true);
      await jest.advanceTimersByTimeAsync(599);
      expect(done).toBe(false);
      await jest.advanceTimersByTimeAsync(1);
      await signOut;
      expect(done).toBe(true);
      // a sign-in after the answer carries iat ≥ S+1 and is accepted
      expect(realStore.isRevoked(claims('alice', Math.floor(Date.now() / 1000)))).toBe(false);
    });
  });
});
