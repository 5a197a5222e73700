import { rmSync } from 'node:fs';
import {
  ADMIN_PASSWORD,
  ADMIN_USERNAME,
  Gateway,
  HttpResult,
  startGateway,
  tempDir,
} from './support/harness';
import { StandaloneCognito } from './support/processes';

/** One IP's whole default budget on the challenge routes (RATE_LIMIT_IP 60/60). */
const REQUESTS = 60;
/** Gateway CPU per made-up answer: identity-js's SRP helper alone used to cost ~190 ms. */
const MAX_CPU_MS_PER_REQUEST = 10;

const madeUp = (n: number) => ({
  username: `nobody${n}`,
  session: 'NEW_PASSWORD_REQUIRED:' + 'A'.repeat(40),
  newPassword: 'Xx!Passw0rd-123',
});

/**
 * Issue 27 item 1: made-up answers to a challenge must not buy gateway CPU. Local Cognito runs in its
 * own process, so that process.cpuUsage() here is the gateway's (and the test client's) alone.
 */
describe('challenge routes under a full IP budget of made-up answers', () => {
  const dataDir = tempDir('cgw-challenge-cpu-');
  let cognito: StandaloneCognito;
  let gateway: Gateway;

  beforeAll(async () => {
    cognito = await StandaloneCognito.start({
      dataDir,
      adminUsername: ADMIN_USERNAME,
      adminPassword: ADMIN_PASSWORD,
    });
    const { region, userPoolId, clientId, endpoint } = cognito.info;
    gateway = await startGateway({
      COGNITO_REGION: region,
      COGNITO_USER_POOL_ID: userPoolId,
      COGNITO_CLIENT_ID: clientId,
      COGNITO_ENDPOINT: endpoint,
      // The default limits, as an outsider meets them.
      RATE_LIMITS: 'on',
    });
    // Warm-up on another route family, so that the measured requests keep the whole budget.
    expect((await gateway.get('/health/live')).status).toBe(200);
  }, 60_000);

  afterAll(async () => {
    await gateway?.close();
    await cognito?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('each costs a few ms of gateway CPU, all are 4xx, and /health/live answers within 100 ms meanwhile', async () => {
    const cpuBefore = process.cpuUsage();
    const answers = Array.from({ length: REQUESTS }, (_, n) =>
      gateway.post('/auth/challenges/new-password', { body: madeUp(n) }),
    );
    const probeStarted = performance.now();
    const live = await gateway.get('/health/live');
    const liveMs = performance.now() - probeStarted;
    const results: HttpResult[] = await Promise.all(answers);
    const cpu = process.cpuUsage(cpuBefore);
    const cpuMsPerRequest = (cpu.user + cpu.system) / 1000 / REQUESTS;

    expect(live.status).toBe(200);
    expect(liveMs).toBeLessThan(100);
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s < 400 || s >= 500)).toEqual([]);
    expect(new Set(results.map((r) => (r.body as { code?: string }).code))).toEqual(
      new Set(['INVALID_SESSION']),
    );
    expect(cpuMsPerRequest).toBeLessThan(MAX_CPU_MS_PER_REQUEST);
  });
});
