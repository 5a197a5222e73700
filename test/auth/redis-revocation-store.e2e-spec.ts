import Redis from 'ioredis';
import { RedisRevocationStore } from '../../src/revocation/redis-revocation.store';
import { DomainError } from '../../src/common/domain-error';
import { httpStatusOf } from '../../src/common/error-code';
import { RedisClient } from '../../src/redis/redis.client';
import { TestRedis } from '../support/redis';
import { waitFor } from '../support/scale';

/**
 * RedisRevocationStore against a real redis-server: the memory store's rules, with expiring keys, and a
 * replica per instance kept in step by pub/sub.
 */
describe('RedisRevocationStore (real Redis)', () => {
  const HOUR = 3600;
  const DAY = 24 * HOUR;
  const MAX_STALENESS_MS = 30_000;
  let redis: TestRedis;
  let clients: RedisClient[] = [];
  let stores: RedisRevocationStore[] = [];
  let inspect: Redis;
  let nowMs: number;
  let store: RedisRevocationStore;
  let other: RedisRevocationStore;
  const claims = (sub: string, iat: number, originJti?: string) => ({
    sub,
    iat,
    exp: iat + HOUR,
    ...(originJti ? { origin_jti: originJti } : {}),
  });

  /** One instance: its own connection and replica. */
  async function instance(): Promise<RedisRevocationStore> {
    const client = new RedisClient(redis.url);
    await client.connect();
    const started = new RedisRevocationStore(client, {
      maxStalenessMs: MAX_STALENESS_MS,
      nowMs: () => nowMs,
    });
    await started.start();
    clients.push(client);
    stores.push(started);
    return started;
  }

  async function closeInstances(): Promise<void> {
    for (const s of stores) s.onApplicationShutdown();
    for (const client of clients) await client.onApplicationShutdown();
    [stores, clients] = [[], []];
  }

  beforeAll(async () => {
    redis = await TestRedis.start({ appendOnly: true });
    inspect = redis.client();
  });
  afterAll(async () => {
    await closeInstances();
    inspect?.disconnect();
    await redis?.close();
  });
  beforeEach(async () => {
    await closeInstances();
    await inspect.flushall();
    nowMs = Date.now();
    [store, other] = [await instance(), await instance()];
    expect([store.inStep, other.inStep]).toEqual([true, true]);
  });
  const now = () => Math.floor(nowMs / 1000);

  it('refuses tokens issued at or before the cut-off, accepts later ones and other users', async () => {
    await store.revokeUser('alice', now());
    expect(store.isRevoked(claims('alice', now() - 1))).toBe(true);
    expect(store.isRevoked(claims('alice', now()))).toBe(true);
    expect(store.isRevoked(claims('alice', now() + 1))).toBe(false);
    expect(store.isRevoked(claims('bob', now() - 1))).toBe(false);
  });

  it('keeps the latest cut-off when sign-outs arrive out of order (two instances racing)', async () => {
    await store.revokeUser('alice', now());
    await other.revokeUser('alice', now() - 100);
    await waitFor(() => other.isRevoked(claims('alice', now())));
    expect(store.isRevoked(claims('alice', now() - 50))).toBe(true);
    expect(await inspect.get('cognito-gateway:revoked:user:alice')).toBe(String(now()));
  });

  it('revokes one session by origin_jti, not the user’s other sessions', async () => {
    await store.revokeSession('session-1');
    expect(store.isRevoked(claims('alice', now(), 'session-1'))).toBe(true);
    expect(store.isRevoked(claims('alice', now(), 'session-2'))).toBe(false);
    expect(store.isRevoked(claims('alice', now()))).toBe(false);
  });

  it('keys expire with the last token they cover; a cut-off whose tokens all expired is not stored', async () => {
    await store.revokeUser('alice', now() - HOUR);
    await store.revokeSession('session-1');
    expect(await inspect.ttl('cognito-gateway:revoked:user:alice')).toBe(DAY - HOUR);
    expect(await inspect.ttl('cognito-gateway:revoked:session:session-1')).toBe(DAY);
    await store.revokeUser('bob', now() - DAY);
    expect(await inspect.exists('cognito-gateway:revoked:user:bob')).toBe(0);
  });

  it('what one instance revokes, the other refuses from its own memory within milliseconds', async () => {
    const started = Date.now();
    await store.revokeSession('session-2');
    await store.revokeUser('carol', now());
    await waitFor(
      () => other.isRevoked(claims('carol', now())) && other.isRevoked(claims('x', now(), 'session-2')),
      5000,
    );
    // Generous: the machine running the tests is shared; the bench measures the real delay.
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('an instance that started later loads what was revoked before it (a full sync at start)', async () => {
    await store.revokeUser('dave', now());
    await store.revokeSession('session-3');
    const late = await instance();
    expect(late.isRevoked(claims('dave', now()))).toBe(true);
    expect(late.isRevoked(claims('x', now(), 'session-3'))).toBe(true);
  });

  it('a lost message is noticed (Redis’s sequence is ahead) and the replica resyncs', async () => {
    // Written behind the instances' backs: counted, never published.
    await inspect.set('cognito-gateway:revoked:user:erin', String(now()), 'EX', DAY);
    await inspect.incr('cognito-gateway:revocations:sequence');
    expect(store.isRevoked(claims('erin', now()))).toBe(false);
    await waitFor(
      () => store.isRevoked(claims('erin', now())) && other.isRevoked(claims('erin', now())),
      10_000,
    );
    expect(store.inStep).toBe(true);
  });

  describe('Redis down', () => {
    afterEach(async () => {
      if (!(await inspect.ping().catch(() => undefined))) await redis.restart();
    });

    it('known revocations hold; writes answer 503 with Retry-After; past the bound, reads fail closed', async () => {
      const signedOut = now();
      await store.revokeUser('alice', signedOut);
      await waitFor(() => other.isRevoked(claims('alice', signedOut)));
      await redis.kill();
      await waitFor(() => !store.inStep && !other.inStep, 5000);
      // Out of step for a short while only: still served, and still ready.
      expect(store.unavailableReason()).toBeUndefined();

      for (const instance of [store, other]) {
        expect(instance.isRevoked(claims('alice', signedOut))).toBe(true);
        expect(instance.isRevoked(claims('bob', signedOut))).toBe(false);
      }
      for (const call of [
        () => store.revokeUser('alice', now()),
        () => store.revokeSession('session-1'),
        () => store.assertWritable(),
      ]) {
        expectUnavailable(
          await call().then(
            () => undefined,
            (e: unknown) => e,
          ),
        );
      }

      nowMs += MAX_STALENESS_MS + 1;
      expect(store.unavailableReason()).toMatch(/out of step with Redis/);
      for (const instance of [store, other]) {
        expectUnavailable(thrownBy(() => instance.isRevoked(claims('bob', signedOut))));
        expectUnavailable(thrownBy(() => instance.isRevoked(claims('alice', signedOut))));
      }

      await redis.restart();
      await waitFor(() => store.inStep && other.inStep, 15_000);
      expect(store.unavailableReason()).toBeUndefined();
      expect(store.isRevoked(claims('alice', signedOut))).toBe(true);
      expect(store.isRevoked(claims('bob', signedOut))).toBe(false);
      await other.revokeUser('bob', now());
      await waitFor(() => store.isRevoked(claims('bob', signedOut)));
    }, 60_000);

    it('an instance that starts while Redis is down fails closed until its first sync', async () => {
      await store.revokeUser('frank', now());
      await redis.kill();
      const client = new RedisClient(redis.url);
      await client.connect();
      clients.push(client);
      const late = new RedisRevocationStore(client, { maxStalenessMs: MAX_STALENESS_MS, nowMs: () => nowMs });
      stores.push(late);
      await late.start();
      expect(late.unavailableReason()).toMatch(/not been loaded/);
      expectUnavailable(thrownBy(() => late.isRevoked(claims('frank', now()))));
      await redis.restart();
      await waitFor(() => late.inStep, 15_000);
      expect(late.isRevoked(claims('frank', now()))).toBe(true);
    }, 60_000);
  });
});

function thrownBy(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  return undefined;
}

function expectUnavailable(error: unknown): void {
  expect(error).toBeInstanceOf(DomainError);
  expect(error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
  expect(httpStatusOf((error as DomainError).code)).toBe(503);
  expect((error as DomainError).retryAfterSeconds).toBeGreaterThan(0);
}
