import type { LocalCognito } from '../../src/local-cognito/local-cognito';
import { createUser, PASSWORD, uniqueUsername } from '../support/auth-helpers';
import { cognitoEnv, Gateway, startGateway, startTestCognito } from '../support/harness';
import { TestRedis } from '../support/redis';

const WRONG = 'Wr0ng#Passw0rd';
const LIMIT = 3;

/**
 * Brute force spread over two instances is counted once through Redis; with Redis down the limits
 * degrade to each instance's memory (sign-in keeps working, still limited) and are shared again when
 * Redis returns, without a restart.
 */
describe('scale-out: rate limits shared through Redis', () => {
  let cognito: LocalCognito;
  let redis: TestRedis;
  let a: Gateway;
  let b: Gateway;

  beforeAll(async () => {
    cognito = await startTestCognito();
    redis = await TestRedis.start();
    const env = {
      ...cognitoEnv(cognito),
      REDIS_URL: redis.url,
      RATE_LIMITS: 'on',
      RATE_LIMIT_SIGN_IN: `${LIMIT}/60`,
      RATE_LIMIT_IP: '1000/60',
    };
    [a, b] = [await startGateway(env), await startGateway(env)];
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await redis?.close();
    await cognito?.close();
  });

  const signInOn = (gateway: Gateway, username: string, password = WRONG) =>
    gateway.post('/auth/sign-in', { body: { username, password } });

  async function victim(): Promise<string> {
    return (await createUser(cognito, uniqueUsername('victim'), { permanentPassword: PASSWORD })).username;
  }

  it('sign-in attempts alternating between A and B hit 429 as soon as on one instance', async () => {
    const username = await victim();
    for (let attempt = 0; attempt < LIMIT; attempt++) {
      expect((await signInOn(attempt % 2 ? b : a, username)).status).toBe(401);
    }
    for (const gateway of [b, a]) {
      const refused = await signInOn(gateway, username, PASSWORD);
      expect({ status: refused.status, code: refused.body.code }).toEqual({
        status: 429,
        code: 'TOO_MANY_REQUESTS',
      });
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    }
  });

  it('Redis down: limits degrade to each instance (sign-in still works, still limited); Redis back: shared again', async () => {
    await redis.kill();
    const username = await victim();
    for (let attempt = 0; attempt < LIMIT; attempt++) {
      expect((await signInOn(a, username)).status).toBe(401);
    }
    expect((await signInOn(a, username)).status).toBe(429);
    // B has counted nothing of A's attempts: one budget per instance while Redis is away.
    expect((await signInOn(b, username, PASSWORD)).status).toBe(200);

    await redis.restart();
    const next = await victim();
    const deadline = Date.now() + 10_000;
    for (const gateway of [a, b]) {
      while ((await gateway.get('/health/ready')).status !== 200 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    for (let attempt = 0; attempt < LIMIT; attempt++) {
      expect((await signInOn(attempt % 2 ? a : b, next)).status).toBe(401);
    }
    expect((await signInOn(a, next, PASSWORD)).status).toBe(429);
  });
});
