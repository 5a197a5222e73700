import { MemoryThrottlerStorage } from './memory-throttler.storage';

describe('MemoryThrottlerStorage', () => {
  let now = 1_000_000;
  const clock = () => now;

  it('counts hits in a fixed window, then blocks for the block duration and starts afresh', async () => {
    const storage = new MemoryThrottlerStorage(10, clock);
    for (let hit = 1; hit <= 3; hit++) {
      await expect(storage.increment('k', 60_000, 3, 30_000, 'signIn')).resolves.toMatchObject({
        totalHits: hit,
        isBlocked: false,
      });
    }
    await expect(storage.increment('k', 60_000, 3, 30_000, 'signIn')).resolves.toEqual({
      totalHits: 4,
      timeToExpire: 30,
      isBlocked: true,
      timeToBlockExpire: 30,
    });
    now += 29_000;
    await expect(storage.increment('k', 60_000, 3, 30_000, 'signIn')).resolves.toMatchObject({
      isBlocked: true,
      timeToBlockExpire: 1,
    });
    now += 1_000;
    await expect(storage.increment('k', 60_000, 3, 30_000, 'signIn')).resolves.toMatchObject({
      totalHits: 1,
      isBlocked: false,
    });
  });

  it('keeps one counter per throttler for the same key', async () => {
    const storage = new MemoryThrottlerStorage(10, clock);
    await storage.increment('k', 60_000, 1, 60_000, 'perIp');
    await expect(storage.increment('k', 60_000, 1, 60_000, 'signIn')).resolves.toMatchObject({
      totalHits: 1,
      isBlocked: false,
    });
  });

  it('never holds more than its bound: expired entries go first, then the oldest', async () => {
    const storage = new MemoryThrottlerStorage(100, clock);
    for (let i = 0; i < 60; i++) await storage.increment(`short${i}`, 1_000, 5, 1_000, 'signIn');
    for (let i = 0; i < 40; i++) await storage.increment(`long${i}`, 600_000, 5, 600_000, 'signIn');
    now += 2_000;
    for (let i = 0; i < 10_000; i++) await storage.increment(`ghost${i}`, 600_000, 5, 600_000, 'signIn');
    expect(storage.size).toBe(100);
    await expect(storage.increment('ghost9999', 600_000, 5, 600_000, 'signIn')).resolves.toMatchObject({
      totalHits: 2,
    });
    // The oldest live counter was forgiven to make room.
    await expect(storage.increment('long0', 600_000, 5, 600_000, 'signIn')).resolves.toMatchObject({
      totalHits: 1,
    });
  });
});
