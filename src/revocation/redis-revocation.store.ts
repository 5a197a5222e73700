import { RedisClient } from '../redis/redis.client';
import { MAX_ACCESS_TOKEN_LIFETIME_SECONDS } from './memory-revocation.store';
import { RevocableClaims, RevocationStore } from './revocation.store';

const USER_PREFIX = 'cognito-gateway:revoked:user:';
const SESSION_PREFIX = 'cognito-gateway:revoked:session:';

/** Keeps the later cut-off: sign-outs seen by different instances may arrive out of order. */
const RAISE_CUT_OFF = `
local current = tonumber(redis.call('GET', KEYS[1]))
if current and current >= tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
return 1
`;

/**
 * The revocations every instance shares, in Redis. Each key expires when the last token it covers does
 * (as in the memory store), so Redis holds only live revocations. When Redis cannot be asked, every
 * method fails with 503 UPSTREAM_UNAVAILABLE: a revocation check that silently passed would let a
 * signed-out token back in, and a sign-out that silently dropped its write would lie to the user.
 */
export class RedisRevocationStore extends RevocationStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly nowMs: () => number = Date.now,
    private readonly maxLifetimeSeconds = MAX_ACCESS_TOKEN_LIFETIME_SECONDS,
  ) {
    super();
  }

  async revokeUser(sub: string, issuedAtOrBefore: number): Promise<void> {
    const ttl = issuedAtOrBefore + this.maxLifetimeSeconds - this.nowSeconds();
    if (ttl <= 0) return; // every token it would cover has expired already
    await this.redis.run((redis) => redis.eval(RAISE_CUT_OFF, 1, USER_PREFIX + sub, issuedAtOrBefore, ttl));
  }

  async revokeSession(originJti: string): Promise<void> {
    await this.redis.run((redis) =>
      redis.set(SESSION_PREFIX + originJti, '1', 'EX', this.maxLifetimeSeconds),
    );
  }

  async isRevoked(claims: RevocableClaims): Promise<boolean> {
    const keys = [USER_PREFIX + claims.sub];
    if (claims.origin_jti !== undefined) keys.push(SESSION_PREFIX + claims.origin_jti);
    const [cutOff, session] = await this.redis.run((redis) => redis.mget(keys));
    if (cutOff !== null && claims.iat <= Number(cutOff)) return true;
    return session !== undefined && session !== null;
  }

  override async assertWritable(): Promise<void> {
    await this.redis.run((redis) => redis.ping());
  }

  private nowSeconds(): number {
    return Math.floor(this.nowMs() / 1000);
  }
}
