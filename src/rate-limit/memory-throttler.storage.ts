import { ThrottlerStorage } from '@nestjs/throttler';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

interface Counter {
  hits: number;
  /** End of the counting window, or of the block once `hits` is -1 (epoch ms). */
  endsAtMs: number;
}

/** Counters held at most: a flood of made-up usernames costs bounded memory (~200 bytes a key). */
export const DEFAULT_MAX_KEYS = 100_000;

/**
 * Rate-limit counters in this process's memory, with the Redis storage's rules (a fixed window; reaching
 * the block clears the window), so that one instance and a Redis-backed fleet limit alike. Bounded by
 * time (an entry ends with its window or block) and by size: when full, expired entries go first, then
 * the oldest. Evicting a live counter forgives that key's attempts; only a flood from many IPs, each
 * within its own budget, can force that, and it is the price of never growing without bound.
 */
export class MemoryThrottlerStorage implements ThrottlerStorage {
  private readonly counters = new Map<string, Counter>();
  private lastSweepMs = -Infinity;

  constructor(
    private readonly maxKeys = DEFAULT_MAX_KEYS,
    private readonly nowMs: () => number = Date.now,
  ) {}

  get size(): number {
    return this.counters.size;
  }

  increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const now = this.nowMs();
    const id = `${throttlerName}:${key}`;
    let counter = this.counters.get(id);
    if (counter && counter.endsAtMs <= now) {
      this.counters.delete(id);
      counter = undefined;
    }
    if (!counter) {
      counter = { hits: 0, endsAtMs: now + ttl };
      this.insert(id, counter, now);
    }
    if (counter.hits >= 0) counter.hits++;
    if (counter.hits > limit) {
      counter.hits = -1;
      counter.endsAtMs = now + blockDuration;
    }
    const seconds = Math.max(1, Math.ceil((counter.endsAtMs - now) / 1000));
    return Promise.resolve(
      counter.hits < 0
        ? { totalHits: limit + 1, timeToExpire: seconds, isBlocked: true, timeToBlockExpire: seconds }
        : { totalHits: counter.hits, timeToExpire: seconds, isBlocked: false, timeToBlockExpire: 0 },
    );
  }

  private insert(id: string, counter: Counter, now: number): void {
    // A full sweep at most once a second: under a flood, eviction stays O(1) per insert.
    if (this.counters.size >= this.maxKeys && now - this.lastSweepMs >= 1000) {
      this.lastSweepMs = now;
      for (const [other, { endsAtMs }] of this.counters) if (endsAtMs <= now) this.counters.delete(other);
    }
    // Still full: the oldest entries (a Map iterates in insertion order) make room.
    for (const other of this.counters.keys()) {
      if (this.counters.size < this.maxKeys) break;
      this.counters.delete(other);
    }
    this.counters.set(id, counter);
  }
}
