import type Redis from 'ioredis';
import type { LocalCognito } from '../../src/local-cognito/local-cognito';
import { fullSession, signedInUser, signIn, PASSWORD } from '../support/auth-helpers';
import {
  cognitoEnv,
  cognitoTokens,
  Gateway,
  HttpResult,
  startGateway,
  startTestCognito,
} from '../support/harness';
import { TestRedis } from '../support/redis';

/** Short, so that the test sees an instance give up on its replica; the default is 30 s. */
const MAX_STALENESS_MS = 4000;
/** How late a revocation made on one instance may reach the others here (the bench measures the real delay). */
const PROPAGATION_BOUND_MS = 1000;

function expectError(res: HttpResult, status: number, code: string): void {
  expect({ status: res.status, code: res.body?.code }).toEqual({ status, code });
}

/** Polls until `check` passes (the gateways reconnect to a returning Redis on their own). */
async function eventually(check: () => Promise<void>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** Milliseconds until the instance refuses the token with TOKEN_REVOKED (polled as fast as it answers). */
async function refusedAfter(gateway: Gateway, token: string, since: number): Promise<number> {
  for (;;) {
    const res = await gateway.get('/auth/session', { token });
    if (res.status === 401 && res.body?.code === 'TOKEN_REVOKED') return Date.now() - since;
    if (Date.now() - since > 10_000) throw new Error(`still ${res.status} after 10 s`);
  }
}

interface Probe {
  at: number;
  token: 'live' | 'revoked';
  status: number;
}

/**
 * Three gateway instances behind the test's own round robin, on one local Cognito and one real
 * redis-server. What one instance revokes, the others refuse within milliseconds, from their own memory.
 * Redis down: known revocations hold, sign-outs answer 503, and past REVOCATION_MAX_STALENESS_MS guarded
 * routes fail closed; Redis back: everything works again, no restart. A restarted instance resyncs.
 */
describe('scale-out: three instances sharing revocations through Redis', () => {
  let cognito: LocalCognito;
  let redis: TestRedis;
  let inspect: Redis;
  let instances: Gateway[];
  let env: Record<string, string>;
  let admin: string;
  let turn = 0;
  /** The load balancer: each call goes to the next instance. */
  const next = (): Gateway => instances[turn++ % instances.length];

  beforeAll(async () => {
    cognito = await startTestCognito();
    // Append-only, as production Redis must be: revocations survive a Redis restart.
    redis = await TestRedis.start({ appendOnly: true });
    inspect = redis.client();
    env = {
      ...cognitoEnv(cognito),
      REDIS_URL: redis.url,
      REVOCATION_MAX_STALENESS_MS: String(MAX_STALENESS_MS),
    };
    instances = [await startGateway(env), await startGateway(env), await startGateway(env)];
    admin = (await cognitoTokens(cognito)).accessToken;
    // A shared, busy machine can take long to start three gateways.
  }, 180_000);
  afterAll(async () => {
    for (const gateway of instances ?? []) await gateway.close();
    inspect?.disconnect();
    await redis?.close();
    await cognito?.close();
  });

  it('every instance reports Redis in readiness', async () => {
    for (const gateway of instances) {
      const ready = await gateway.get('/health/ready');
      expect(ready.status).toBe(200);
      expect(ready.body.details).toMatchObject({ redis: { status: 'up' }, revocations: { status: 'up' } });
    }
  });

  it('a sign-out on one instance is refused by the other two within the bound; a new sign-in works on all', async () => {
    const { username, tokens } = await signedInUser(next(), cognito, 'scale');
    for (const gateway of instances) {
      expect((await gateway.get('/auth/session', { token: tokens.accessToken })).status).toBe(200);
    }
    const signOutOn = next();
    expect((await signOutOn.post('/auth/sign-out', fullSession(tokens))).status).toBe(204);
    for (const gateway of instances) {
      expectError(await gateway.get('/auth/session', { token: tokens.accessToken }), 401, 'TOKEN_REVOKED');
    }
    const fresh = await signIn(next(), username, PASSWORD);
    for (const gateway of instances) {
      expect((await gateway.get('/auth/session', { token: fresh.accessToken })).status).toBe(200);
    }
  });

  it('a refresh token revoked on one instance ends its session on the other two within the bound', async () => {
    const { tokens } = await signedInUser(next(), cognito, 'scale');
    const [on, ...others] = [next(), next(), next()];
    for (const gateway of others) {
      expect((await gateway.get('/auth/session', { token: tokens.accessToken })).status).toBe(200);
    }
    // /auth/revoke answers as soon as the revocation is recorded (no same-second wait, unlike sign-out).
    expect((await on.post('/auth/revoke', { body: { refreshToken: tokens.refreshToken } })).status).toBe(204);
    const answeredAt = Date.now();
    const delays = await Promise.all(
      others.map((gateway) => refusedAfter(gateway, tokens.accessToken, answeredAt)),
    );
    for (const delay of delays) expect(delay).toBeLessThan(PROPAGATION_BOUND_MS);
  });

  it('an admin sign-out through one instance revokes the user’s tokens on the others', async () => {
    const { username, tokens } = await signedInUser(next(), cognito, 'scale');
    expect((await next().post(`/admin/users/${username}/sign-out`, { token: admin })).status).toBe(204);
    for (const gateway of instances) {
      expectError(await gateway.get('/auth/session', { token: tokens.accessToken }), 401, 'TOKEN_REVOKED');
    }
  });

  it('Redis holds only live revocations: every key expires with the tokens it covers (≤ one day)', async () => {
    const keys = await inspect.keys('cognito-gateway:revoked:*');
    expect(keys.length).toBeGreaterThanOrEqual(3);
    for (const key of keys) {
      const ttl = await inspect.ttl(key);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(24 * 3600);
    }
  });

  it('Redis killed mid-run: known revocations hold, sign-outs answer 503, past the bound guarded routes fail closed, then all recover', async () => {
    const signedOut = await signedInUser(next(), cognito, 'scale');
    expect((await next().post('/auth/sign-out', fullSession(signedOut.tokens))).status).toBe(204);
    const live = await signedInUser(next(), cognito, 'scale');
    const tokens = { live: live.tokens.accessToken, revoked: signedOut.tokens.accessToken };

    // Traffic through the round robin for the whole run, both tokens in turn.
    const probes: Probe[] = [];
    let running = true;
    const traffic = (async () => {
      while (running) {
        for (const token of ['live', 'revoked'] as const) {
          const res = await next().get('/auth/session', { token: tokens[token] });
          probes.push({ at: Date.now(), token, status: res.status });
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();

    await new Promise((resolve) => setTimeout(resolve, 500));
    const killedAt = Date.now();
    await redis.kill();

    // Recording a revocation is refused at once, on every instance, and nothing is half done at Cognito.
    for (const gateway of instances) {
      const signOut = await gateway.post('/auth/sign-out', fullSession(live.tokens));
      expectError(signOut, 503, 'UPSTREAM_UNAVAILABLE');
      expect(Number(signOut.headers.get('retry-after'))).toBeGreaterThan(0);
      expectError(
        await gateway.post('/auth/revoke', { body: { refreshToken: live.tokens.refreshToken } }),
        503,
        'UPSTREAM_UNAVAILABLE',
      );
      const ready = await gateway.get('/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body.details.redis).toEqual({
        status: 'down',
        reason: expect.stringMatching(/^Redis unreachable: .+/),
      });
      expect((await gateway.get('/health/live')).status).toBe(200);
    }
    expect(
      (await next().post('/auth/refresh', { body: { refreshToken: live.tokens.refreshToken } })).status,
    ).toBe(200);

    // Past the bound, every instance fails closed, for every token.
    await new Promise((resolve) => setTimeout(resolve, MAX_STALENESS_MS + 1500 - (Date.now() - killedAt)));
    for (const gateway of instances) {
      for (const token of [tokens.live, tokens.revoked, admin]) {
        const res = await gateway.get('/auth/session', { token });
        expectError(res, 503, 'UPSTREAM_UNAVAILABLE');
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      }
      // Readiness says why, as guarded routes now fail: the instance's revocation list is stale.
      expect((await gateway.get('/health/ready')).body.details.revocations).toEqual({
        status: 'down',
        reason: expect.stringMatching(/out of step with Redis/),
      });
    }
    expect((await signIn(next(), live.username, PASSWORD)).accessToken).toEqual(expect.any(String));

    const restartedAt = Date.now();
    await redis.restart();
    for (const gateway of instances) {
      await eventually(async () => {
        expect((await gateway.get('/auth/session', { token: tokens.live })).status).toBe(200);
      });
      expect((await gateway.get('/health/ready')).status).toBe(200);
      expectError(await gateway.get('/auth/session', { token: tokens.revoked }), 401, 'TOKEN_REVOKED');
    }
    running = false;
    await traffic;

    const during = probes.filter((probe) => probe.at > killedAt && probe.at < restartedAt);
    // The revoked token never passed, before, during or after the outage.
    expect(probes.filter((probe) => probe.token === 'revoked' && probe.status === 200)).toEqual([]);
    expect(new Set(during.map((probe) => probe.status))).toEqual(new Set([200, 401, 503]));
    // The live token was served from the replicas for a while, and never past the bound (plus the time to notice).
    const lastServed = Math.max(
      ...during.filter((p) => p.token === 'live' && p.status === 200).map((p) => p.at),
    );
    expect(lastServed - killedAt).toBeLessThan(MAX_STALENESS_MS + 1000);

    expect((await next().post('/auth/sign-out', fullSession(live.tokens))).status).toBe(204);
    for (const gateway of instances) {
      expectError(await gateway.get('/auth/session', { token: tokens.live }), 401, 'TOKEN_REVOKED');
    }
  }, 90_000);

  it('an instance restarted after a revocation made while it was down refuses the token at once', async () => {
    const { tokens } = await signedInUser(next(), cognito, 'scale');
    await instances[2].close();
    instances = instances.slice(0, 2);
    expect((await next().post('/auth/revoke', { body: { refreshToken: tokens.refreshToken } })).status).toBe(
      204,
    );
    const restarted = await startGateway(env);
    instances.push(restarted);
    expectError(await restarted.get('/auth/session', { token: tokens.accessToken }), 401, 'TOKEN_REVOKED');
  }, 60_000);

  it('closing an instance closes its Redis connections (commands and subscription)', async () => {
    const clients = async () =>
      String(await inspect.call('CLIENT', 'LIST'))
        .trim()
        .split('\n').length;
    const before = await clients();
    const extra = await startGateway(env);
    expect(await clients()).toBe(before + 2);
    await extra.close();
    await eventually(async () => expect(await clients()).toBe(before));
  });
});
