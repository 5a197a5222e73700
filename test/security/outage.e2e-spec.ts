import { rmSync } from 'node:fs';
import type { LocalCognito } from '../../src/local-cognito/local-cognito';
import { signIn, TokenSet, uniqueUsername } from '../support/auth-helpers';
import { contractViolation } from '../support/fuzz';
import {
  ADMIN_PASSWORD,
  ADMIN_USERNAME,
  cognitoEnv,
  Gateway,
  HttpResult,
  startGateway,
  useStack,
  startTestCognito,
  tempDir,
} from '../support/harness';
import { DelayProxy, eventually, StandaloneCognito, watchProcessFailures } from '../support/processes';

/** Far below a hung socket's 30 s or more, and above any timeout configured here. */
const PROMPT_MS = 5000;

const watcher = watchProcessFailures();
afterEach(() => expect(watcher.failures).toEqual([]));
afterAll(() => watcher.stop());

async function timed(call: () => Promise<HttpResult>): Promise<HttpResult & { ms: number }> {
  const started = Date.now();
  const res = await call();
  return { ...res, ms: Date.now() - started };
}

function expectUnavailable(res: HttpResult & { ms: number }, withinMs: number): void {
  expect({ status: res.status, code: res.body?.code, fast: res.ms < withinMs }).toEqual({
    status: 503,
    code: 'UPSTREAM_UNAVAILABLE',
    fast: true,
  });
  expect(contractViolation(res, true)).toBeUndefined();
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
}

describe('Cognito killed and restarted (standalone local Cognito in its own process)', () => {
  const dataDir = tempDir('cgw-outage-');
  let cognito: StandaloneCognito;
  let gateway: Gateway;
  /** A second instance that has verified no token, so it holds no signing keys when Cognito goes down. */
  let keyless: Gateway;
  let before: TokenSet;
  let unseen: TokenSet;

  beforeAll(async () => {
    cognito = await StandaloneCognito.start({
      dataDir,
      adminUsername: ADMIN_USERNAME,
      adminPassword: ADMIN_PASSWORD,
    });
    const { region, userPoolId, clientId, endpoint } = cognito.info;
    const env = {
      COGNITO_REGION: region,
      COGNITO_USER_POOL_ID: userPoolId,
      COGNITO_CLIENT_ID: clientId,
      COGNITO_ENDPOINT: endpoint,
      COGNITO_TIMEOUT_MS: '1500',
    };
    gateway = await startGateway(env);
    keyless = await startGateway(env);
  }, 60_000);

  afterAll(async () => {
    await gateway?.close();
    await keyless?.close();
    await cognito?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('works while Cognito is up', async () => {
    before = await signIn(gateway, ADMIN_USERNAME, ADMIN_PASSWORD);
    expect((await gateway.get('/auth/me', { token: before.accessToken })).status).toBe(200);
    expect((await gateway.get('/admin/users?limit=1', { token: before.accessToken })).status).toBe(200);
    expect((await gateway.get('/health/ready')).status).toBe(200);
    // Signed in but never shown to the gateway's guard: only the cached signing keys can verify it later.
    unseen = await signIn(gateway, ADMIN_USERNAME, ADMIN_PASSWORD);
  });

  it('Cognito-backed routes answer 503 UPSTREAM_UNAVAILABLE with Retry-After at once, not after a hang', async () => {
    await cognito.kill();
    const calls: [string, () => Promise<HttpResult>][] = [
      [
        'sign-in',
        () => gateway.post('/auth/sign-in', { body: { username: ADMIN_USERNAME, password: ADMIN_PASSWORD } }),
      ],
      ['refresh', () => gateway.post('/auth/refresh', { body: { refreshToken: before.refreshToken } })],
      ['getProfile', () => gateway.get('/auth/me', { token: before.accessToken })],
      ['listUsers', () => gateway.get('/admin/users?limit=1', { token: before.accessToken })],
      ['getUser', () => gateway.get(`/admin/users/${ADMIN_USERNAME}`, { token: before.accessToken })],
    ];
    for (const [, call] of calls) expectUnavailable(await timed(call), PROMPT_MS);
  });

  it('a valid token on an instance without the signing keys yet is 503 UPSTREAM_UNAVAILABLE, neither 401 nor 500', async () => {
    // A 401 would tell the app its session is over; the keys are only unreachable.
    expectUnavailable(
      await timed(() => keyless.get('/auth/session', { token: unseen.accessToken })),
      PROMPT_MS,
    );
  });

  it('guarded routes that need no Cognito call keep working from the cached signing keys', async () => {
    const session = await gateway.get('/auth/session', { token: unseen.accessToken });
    expect(session.status).toBe(200);
    expect(session.body.username).toBe(ADMIN_USERNAME);
  });

  it('/health/ready goes 503 with reasons while /health/live stays 200', async () => {
    const ready = await timed(() => gateway.get('/health/ready'));
    expect(ready.status).toBe(503);
    expect(ready.ms).toBeLessThan(PROMPT_MS);
    expect(ready.body.details.cognito).toEqual({ status: 'down', reason: expect.any(String) });
    expect(ready.body.details.jwks).toEqual({ status: 'down', reason: expect.any(String) });
    expect((await gateway.get('/health/live')).status).toBe(200);
  });

  it('recovers without a restart of its own once Cognito is back on the same port and data', async () => {
    cognito = await StandaloneCognito.start({
      dataDir,
      port: cognito.port,
      adminUsername: ADMIN_USERNAME,
      adminPassword: ADMIN_PASSWORD,
    });
    expect(await eventually(async () => (await gateway.get('/health/ready')).status === 200, 15_000)).toBe(
      true,
    );
    const after = await signIn(gateway, ADMIN_USERNAME, ADMIN_PASSWORD);
    expect((await gateway.get('/auth/me', { token: after.accessToken })).status).toBe(200);
    expect((await gateway.get('/admin/users?limit=1', { token: after.accessToken })).status).toBe(200);
    const refreshed = await gateway.post('/auth/refresh', { body: { refreshToken: after.refreshToken } });
    expect(refreshed.status).toBe(200);
  }, 60_000);
});

describe('slow Cognito (a proxy holding every request 3 s; COGNITO_TIMEOUT_MS=1000)', () => {
  let cognito: LocalCognito;
  let proxy: DelayProxy;
  let gateway: Gateway;
  let admin: TokenSet;

  beforeAll(async () => {
    cognito = await startTestCognito();
    proxy = await DelayProxy.start(cognito.endpoint, 0);
    gateway = await startGateway({
      ...cognitoEnv(cognito),
      COGNITO_ENDPOINT: proxy.url,
      COGNITO_TIMEOUT_MS: '1000',
    });
  }, 60_000);

  afterAll(async () => {
    await gateway?.close();
    await proxy?.close();
    await cognito?.close();
  });

  const signInCall = () =>
    gateway.post('/auth/sign-in', { body: { username: ADMIN_USERNAME, password: ADMIN_PASSWORD } });

  it('works through the proxy while it is quick (and caches the signing keys)', async () => {
    admin = await signIn(gateway, ADMIN_USERNAME, ADMIN_PASSWORD);
    expect((await gateway.get('/admin/users?limit=1', { token: admin.accessToken })).status).toBe(200);
    proxy.delayMs = 3000;
  });

  it('an admin route (AWS SDK: 2 attempts) answers 503 within 2 × the timeout', async () => {
    const res = await timed(() => gateway.get('/admin/users?limit=1', { token: admin.accessToken }));
    expectUnavailable(res, 3000);
    expect(res.ms).toBeGreaterThanOrEqual(1900);
  });

  it('sign-in (one attempt) answers 503 within the timeout bound', async () => {
    const res = await timed(signInCall);
    expectUnavailable(res, 2500);
    expect(res.ms).toBeGreaterThanOrEqual(900);
  });

  it('20 concurrent requests all answer within the bound and leave nothing pending at the proxy', async () => {
    const started = Date.now();
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        timed(() =>
          i % 2 === 0
            ? signInCall()
            : gateway.post('/auth/refresh', { body: { refreshToken: 'a'.repeat(200) } }),
        ),
      ),
    );
    for (const res of answers) expectUnavailable(res, 3000);
    expect(Date.now() - started).toBeLessThan(3500);
    // The gateway gave up on every held request and closed its sockets: nothing piles up upstream.
    expect(await eventually(() => proxy.pending === 0, 2000)).toBe(true);
  });
});

describe('nothing lost: 50 parallel createUser through the admin API', () => {
  const stack = useStack();

  it('each call lands (201) or reports its own error, and listUsers shows exactly the 201s', async () => {
    const prefix = uniqueUsername('burst');
    const usernames = Array.from({ length: 50 }, (_, i) => `${prefix}-${String(i).padStart(2, '0')}`);
    const answers = await Promise.all(
      usernames.map((username) =>
        stack.gateway.post('/admin/users', {
          token: stack.adminToken,
          body: { username, email: `${username}@example.com`, sendInvitation: false },
        }),
      ),
    );
    const created = usernames.filter((_, i) => answers[i].status === 201);
    for (const [i, res] of answers.entries()) {
      if (res.status === 201) expect(res.body.username).toBe(usernames[i]);
      else expect(contractViolation(res, true)).toBeUndefined();
    }

    const listed: string[] = [];
    let paginationToken: string | undefined;
    do {
      const query = `?username=${prefix}&limit=60${paginationToken ? `&paginationToken=${encodeURIComponent(paginationToken)}` : ''}`;
      const page = await stack.gateway.get(`/admin/users${query}`, { token: stack.adminToken });
      expect(page.status).toBe(200);
      listed.push(...page.body.users.map((u: { username: string }) => u.username));
      paginationToken = page.body.paginationToken;
    } while (paginationToken);
    expect(listed.sort()).toEqual(created.sort());
    expect(created.length).toBe(50);
  }, 60_000);
});
