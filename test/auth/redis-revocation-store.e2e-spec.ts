import Redis from 'ioredis';
import { RedisRevocationStore } from '../../src/revocation/redis-revocation.store';
import { DomainError } from '../../src/common/domain-error';
import { httpStatusOf } from '../../src/common/error-code';
import { RedisClient } from '../../src/redis/redis.client';
import { TestRedis } from '../support/redis';

/** RedisRevocationStore against a real redis-server: the memory store's rules, with expiring keys. */
describe('RedisRevocationStore (real Redis)', () => {
  const HOUR = 3600;
  const DAY = 24 * HOUR;
  let redis: TestRedis;
  let client: RedisClient;
  let inspect: Redis;
  let nowMs: number;
  let store: RedisRevocationStore;
  const claims = (sub: string, iat: number, originJti?: string) => ({
    sub,
    iat,
    exp: iat + HOUR,
    ...(originJti ? { origin_jti: originJti } : {}),
  });

  beforeAll(async () => {
    redis = await TestRedis.start();
    client = new RedisClient(redis.url);
    await client.connect();
    inspect = redis.client();
  });
  afterAll(async () => {
    await client?.onApplicationShutdown();
    inspect?.disconnect();
    await redis?.close();
  });
  beforeEach(async () => {
    await inspect.flushall();
    nowMs = Date.now();
    store = new RedisRevocationStore(client, () => nowMs);
  });
  const now = () => Math.floor(nowMs / 1000);

  it('refuses tokens issued at or before the cut-off, accepts later ones and other users', async () => {
    await store.revokeUser('alice', now());
    expect(await store.isRevoked(claims('alice', now() - 1))).toBe(true);
    expect(await store.isRevoked(claims('alice', now()))).toBe(true);
    expect(await store.isRevoked(claims('alice', now() + 1))).toBe(false);
    expect(await store.isRevoked(claims('bob', now() - 1))).toBe(false);
  });

  it('keeps the latest cut-off when sign-outs arrive out of order (two instances racing)', async () => {
    await store.revokeUser('alice', now());
    await store.revokeUser('alice', now() - 100);
    expect(await store.isRevoked(claims('alice', now() - 50))).toBe(true);
    expect(await inspect.get('cognito-gateway:revoked:user:alice')).toBe(String(now()));
  });

  it('revokes one session by origin_jti, not the user’s other sessions', async () => {
    await store.revokeSession('session-1');
    expect(await store.isRevoked(claims('alice', now(), 'session-1'))).toBe(true);
    expect(await store.isRevoked(claims('alice', now(), 'session-2'))).toBe(false);
    expect(await store.isRevoked(claims('alice', now()))).toBe(false);
  });

  it('keys expire with the last token they cover; a cut-off whose tokens all expired is not stored', async () => {
    await store.revokeUser('alice', now() - HOUR);
    await store.revokeSession('session-1');
    expect(await inspect.ttl('cognito-gateway:revoked:user:alice')).toBe(DAY - HOUR);
    expect(await inspect.ttl('cognito-gateway:revoked:session:session-1')).toBe(DAY);
    await store.revokeUser('bob', now() - DAY);
    expect(await inspect.exists('cognito-gateway:revoked:user:bob')).toBe(0);
  });

  it('Redis down: every method rejects with 503 UPSTREAM_UNAVAILABLE and Retry-After, never a silent answer', async () => {
    await store.revokeUser('alice', now());
    await redis.kill();
    try {
      for (const call of [
        () => store.isRevoked(claims('alice', now())),
        () => store.revokeUser('alice', now()),
        () => store.revokeSession('session-1'),
        () => store.assertWritable(),
      ]) {
        const error: unknown = await call().then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(DomainError);
        expect(error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
        expect(httpStatusOf((error as DomainError).code)).toBe(503);
        expect((error as DomainError).retryAfterSeconds).toBeGreaterThan(0);
      }
      await expect(client.ping()).rejects.toThrow(/ECONNREFUSED|connection (closed|lost)/);
    } finally {
      await redis.restart();
    }
    const deadline = Date.now() + 10_000;
    while (
      Date.now() < deadline &&
      !(await client.ping().then(
        () => true,
        () => false,
      ))
    ) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await store.isRevoked(claims('alice', now() + 1))).toBe(false);
  });
});
