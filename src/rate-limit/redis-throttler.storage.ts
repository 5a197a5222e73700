import { Logger } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import { RedisClient } from '../redis/redis.client';
import { MemoryThrottlerStorage } from './memory-throttler.storage';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

const PREFIX = 'cognito-gateway:rate:';

/**
 * One hit in a fixed window, atomically. KEYS: hits, block. ARGV: window ms, limit, block ms.
 * Returns {hits, ms to the window's end} or {-1, ms to the block's end}. Reaching the block clears the
 * window, so counting starts afresh once the block ends (as MemoryThrottlerStorage does).
 */
const HIT = `
local blocked = redis.call('PTTL', KEYS[2])
if blocked > 0 then return {-1, blocked} end
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
if hits > tonumber(ARGV[2]) then
  redis.call('DEL', KEYS[1])
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  return {-1, tonumber(ARGV[3])}
end
return {hits, redis.call('PTTL', KEYS[1])}
`;

/**
 * Rate-limit counters shared by every instance through Redis, so that attempts spread over instances
 * are counted once. Keys expire with their window or block. When Redis cannot be asked, the limits
 * degrade to this instance's memory rather than failing sign-in for everyone or dropping the limit: an
 * attacker then gets at most one budget per instance until Redis returns.
 */
export class RedisThrottlerStorage implements ThrottlerStorage {
  private readonly logger = new Logger('RateLimit');
  private degraded = false;

  constructor(
    private readonly redis: RedisClient,
    private readonly fallback = new MemoryThrottlerStorage(),
  ) {}

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const base = `${PREFIX}${throttlerName}:${key}`;
    let reply: [number, number];
    try {
      reply = await this.redis.run(
        (redis) =>
          redis.eval(HIT, 2, base, `${base}:blocked`, ttl, limit, blockDuration) as Promise<[number, number]>,
      );
    } catch {
      if (!this.degraded)
        this.logger.warn('Redis unavailable: rate limits counted per instance until it returns');
      this.degraded = true;
      return this.fallback.increment(key, ttl, limit, blockDuration, throttlerName);
    }
    if (this.degraded) this.logger.log('Redis is back: rate limits shared again');
    this.degraded = false;
    const [hits, remainingMs] = reply;
    const seconds = Math.max(1, Math.ceil(remainingMs / 1000));
    return hits < 0
      ? { totalHits: limit + 1, timeToExpire: seconds, isBlocked: true, timeToBlockExpire: seconds }
      : { totalHits: hits, timeToExpire: seconds, isBlocked: false, timeToBlockExpire: 0 };
  }
}
