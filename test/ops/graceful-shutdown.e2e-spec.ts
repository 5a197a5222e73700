import type { LocalCognito } from '../../src/local-cognito/local-cognito';
import { cognitoEnv, cognitoTokens, startTestCognito } from '../support/harness';
import { freePort } from '../support/ports';
import { TestRedis } from '../support/redis';
import { DelayingProxy, GatewayProcess, tryConnect, waitFor } from '../support/scale';

/**
 * SIGTERM to the built gateway (`node dist/main.js`) while requests are in flight, as a load balancer's
 * orchestrator does on a rolling update: new connections are refused at once, the requests in flight
 * finish with their real answers, Redis and the Cognito clients are closed, and the process exits 0.
 */
describe('graceful shutdown on SIGTERM', () => {
  const COGNITO_DELAY_MS = 1500;
  let cognito: LocalCognito;
  let redis: TestRedis;
  let proxy: DelayingProxy;
  let gateway: GatewayProcess;
  let metricsPort: number;

  beforeAll(async () => {
    cognito = await startTestCognito();
    redis = await TestRedis.start();
    proxy = await DelayingProxy.start(Number(new URL(cognito.endpoint).port));
    metricsPort = await freePort();
    gateway = new GatewayProcess(await freePort(), {
      METRICS_PORT: String(metricsPort),
      ...cognitoEnv(cognito),
      COGNITO_ENDPOINT: `http://127.0.0.1:${proxy.port}`,
      REDIS_URL: redis.url,
      RATE_LIMITS: 'off',
      LOG_LEVEL: 'info',
    });
    // A busy shared machine can take more than 20 s to boot a gateway process.
    await gateway.ready(60_000);
  }, 90_000);
  afterAll(async () => {
    gateway?.child.kill('SIGKILL');
    await proxy?.close();
    await redis?.close();
    await cognito?.close();
  });

  it('refuses new connections, finishes the requests in flight, closes its clients and exits 0', async () => {
    // A scraper's keep-alive connection to the metrics listener must not hold the shutdown open either.
    expect((await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).status).toBe(200);
    const { accessToken } = await cognitoTokens(cognito);
    const profile = () =>
      fetch(`${gateway.baseUrl}/auth/me`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect((await profile()).status).toBe(200); // signing keys cached, Redis connected

    proxy.delayMs = COGNITO_DELAY_MS;
    const before = proxy.requests;
    const finished: number[] = [];
    const inFlight = [0, 1, 2].map(() =>
      profile().then(async (response) => {
        finished.push(Date.now());
        return { status: response.status, body: (await response.json()) as { username?: string } };
      }),
    );
    await waitFor(() => proxy.requests >= before + 3);

    const signalledAt = Date.now();
    gateway.child.kill('SIGTERM');
    await waitFor(async () => (await tryConnect(gateway.port)) === 'ECONNREFUSED', 2000);
    expect(finished).toHaveLength(0); // refused while the three were still in flight

    for (const result of await Promise.all(inFlight)) {
      expect(result).toEqual({ status: 200, body: expect.objectContaining({ username: 'admin' }) });
    }
    expect(await gateway.exited).toEqual({ code: 0, signal: null });
    expect(Date.now() - signalledAt).toBeLessThan(COGNITO_DELAY_MS + 3000);
    expect(gateway.output()).toContain('Closed cleanly');
    expect(await tryConnect(metricsPort)).toBe('ECONNREFUSED');
    const inspect = redis.client();
    const clients = String(await inspect.call('CLIENT', 'LIST'))
      .trim()
      .split('\n');
    inspect.disconnect();
    expect(clients).toHaveLength(1); // only this look inside: the gateway said goodbye to Redis
  });
});
