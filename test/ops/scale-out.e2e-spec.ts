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

function expectError(res: HttpResult, status: number, code: string): void {
  expect({ status: res.status, code: res.body?.code }).toEqual({ status, code });
}

/** Polls until `check` passes (the gateways reconnect to a returning Redis on their own). */
async function eventually(check: () => Promise<void>, timeoutMs = 10_000): Promise<void> {
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

/**
 * Two gateway instances behind an imaginary load balancer, on one local Cognito and one real
 * redis-server: what one instance revokes, the other refuses at once; Redis down means guarded routes
 * fail closed (503) and readiness says why; Redis back means everything works again, no restart.
 */
describe('scale-out: two instances sharing revocations through Redis', () => {
  let cognito: LocalCognito;
  let redis: TestRedis;
  let inspect: Redis;
  let a: Gateway;
  let b: Gateway;
  let admin: string;

  beforeAll(async () => {
    cognito = await startTestCognito();
    // Append-only, as production Redis must be: revocations survive a Redis restart.
    redis = await TestRedis.start({ appendOnly: true });
    inspect = redis.client();
    const env = { ...cognitoEnv(cognito), REDIS_URL: redis.url };
    [a, b] = [await startGateway(env), await startGateway(env)];
    admin = (await cognitoTokens(cognito)).accessToken;
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    inspect?.disconnect();
    await redis?.close();
    await cognito?.close();
  });

  it('both instances report Redis in readiness', async () => {
    for (const gateway of [a, b]) {
      const ready = await gateway.get('/health/ready');
      expect(ready.status).toBe(200);
      expect(ready.body.details).toMatchObject({ redis: { status: 'up' } });
    }
  });

  it('a token signed out on A is 401 TOKEN_REVOKED on B at once; a new sign-in works on both', async () => {
    const { username, tokens } = await signedInUser(a, cognito, 'scale');
    expect((await b.get('/auth/session', { token: tokens.accessToken })).status).toBe(200);

    expect((await a.post('/auth/sign-out', fullSession(tokens))).status).toBe(204);
    expectError(await b.get('/auth/session', { token: tokens.accessToken }), 401, 'TOKEN_REVOKED');
    expectError(await a.get('/auth/session', { token: tokens.accessToken }), 401, 'TOKEN_REVOKED');

    const fresh = await signIn(b, username, PASSWORD);
    expect((await a.get('/auth/session', { token: fresh.accessToken })).status).toBe(200);
    expect((await b.get('/auth/session', { token: fresh.accessToken })).status).toBe(200);
  });

  it('a refresh token revoked on B ends its session’s access tokens on A', async () => {
    const { tokens } = await signedInUser(b, cognito, 'scale');
    expect((await b.post('/auth/revoke', { body: { refreshToken: tokens.refreshToken } })).status).toBe(204);
    expectError(await a.get('/auth/session', { token: tokens.accessToken }), 401, 'TOKEN_REVOKED');
  });

  it('an admin sign-out through A revokes the user’s tokens on B', async () => {
    const { username, tokens } = await signedInUser(b, cognito, 'scale');
    expect((await a.post(`/admin/users/${username}/sign-out`, { token: admin })).status).toBe(204);
    expectError(await b.get('/auth/session', { token: tokens.accessToken }), 401, 'TOKEN_REVOKED');
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

  describe('Redis killed mid-test, then restarted on the same port', () => {
    let revokedBeforeKill: string;
    let liveUser: {
      username: string;
      tokens: { accessToken: string; idToken: string; refreshToken: string };
    };

    beforeAll(async () => {
      const signedOut = await signedInUser(a, cognito, 'scale');
      await a.post('/auth/sign-out', fullSession(signedOut.tokens));
      revokedBeforeKill = signedOut.tokens.accessToken;
      liveUser = await signedInUser(a, cognito, 'scale');
      await redis.kill();
    });

    it('guarded routes fail closed on both instances: 503 UPSTREAM_UNAVAILABLE with Retry-After', async () => {
      for (const gateway of [a, b]) {
        for (const token of [liveUser.tokens.accessToken, revokedBeforeKill]) {
          const res = await gateway.get('/auth/session', { token });
          expectError(res, 503, 'UPSTREAM_UNAVAILABLE');
          expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
        }
        expectError(await gateway.get('/admin/users', { token: admin }), 503, 'UPSTREAM_UNAVAILABLE');
      }
    });

    it('sign-out and refresh-token revocation answer 503 instead of pretending', async () => {
      expectError(await b.post('/auth/sign-out', fullSession(liveUser.tokens)), 503, 'UPSTREAM_UNAVAILABLE');
      const revoke = await b.post('/auth/revoke', { body: { refreshToken: liveUser.tokens.refreshToken } });
      expectError(revoke, 503, 'UPSTREAM_UNAVAILABLE');
      expect(revoke.headers.get('retry-after')).toBeTruthy();
      // Nothing was half done at Cognito: the refresh token still works.
      const refreshed = await a.post('/auth/refresh', {
        body: { refreshToken: liveUser.tokens.refreshToken },
      });
      expect(refreshed.status).toBe(200);
    });

    it('readiness is 503 and names Redis with a reason; liveness stays 200; public sign-in still works', async () => {
      for (const gateway of [a, b]) {
        const ready = await gateway.get('/health/ready');
        expect(ready.status).toBe(503);
        expect(ready.body.details.redis).toEqual({
          status: 'down',
          reason: expect.stringMatching(/^Redis unreachable: .+/),
        });
        expect(ready.body.details.cognito).toEqual({ status: 'up' });
        expect((await gateway.get('/health/live')).status).toBe(200);
      }
      expect((await signIn(a, liveUser.username, PASSWORD)).accessToken).toEqual(expect.any(String));
    });

    it('after the restart both instances recover by themselves; a revocation made before the kill still holds', async () => {
      await redis.restart();
      for (const gateway of [a, b]) {
        await eventually(async () => {
          expect((await gateway.get('/auth/session', { token: liveUser.tokens.accessToken })).status).toBe(
            200,
          );
        });
        expect((await gateway.get('/health/ready')).status).toBe(200);
        expectError(await gateway.get('/auth/session', { token: revokedBeforeKill }), 401, 'TOKEN_REVOKED');
      }
      expect((await b.post('/auth/sign-out', fullSession(liveUser.tokens))).status).toBe(204);
      expectError(await a.get('/auth/session', { token: liveUser.tokens.accessToken }), 401, 'TOKEN_REVOKED');
    });
  });

  it('closing an instance closes its Redis connection', async () => {
    const clients = async () =>
      String(await inspect.call('CLIENT', 'LIST'))
        .trim()
        .split('\n').length;
    const before = await clients();
    const c = await startGateway({ ...cognitoEnv(cognito), REDIS_URL: redis.url });
    expect(await clients()).toBe(before + 1);
    await c.close();
    await eventually(async () => expect(await clients()).toBe(before));
  });
});
