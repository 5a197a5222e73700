/**
 * `npm run soak [-- MINUTES]` (default 20; not in CI): one built gateway under a steady traffic mix, its
 * RSS and heap sampled every 10 s, to show whether memory levels off. The mix: guarded `GET /auth/session`
 * at a fixed rate, a sign-in / sign-out loop, and sign-in attempts for ever-new made-up usernames (each
 * a rate-limit key of its own). Prints the curve and the growth over the last third; writes
 * bench/results/soak.json. Rates: SOAK_RATE (guarded req/s, default 16000), SOAK_GHOSTS (made-up sign-ins
 * a second, default 90).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { FixedRateLoad } from './fixed-rate';
import { Emulator, rssMbOf, startEmulator, startGateway, stopAll } from './processes';
import { freePort } from '../test/support/ports';
import { signInThroughGateway } from './sign-in';

const MINUTES = Number(process.argv[2] ?? 20);
const GUARDED_RATE = Number(process.env.SOAK_RATE ?? 16_000);
const GHOSTS_PER_SECOND = Number(process.env.SOAK_GHOSTS ?? 90);
const SAMPLE_MS = 10_000;
const LOOP_USER = 'soak-loop';
const LOOP_PASSWORD = 'Soak#Passw0rd!';

interface Sample {
  minute: number;
  rssMb: number;
  heapUsedMb: number;
  guardedPerSecond: number;
  signOuts: number;
  ghosts: number;
}

function progress(message: string): void {
  process.stderr.write(`[soak] ${message}\n`);
}

async function call(url: string, method: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

async function createLoopUser(url: string, adminToken: string): Promise<void> {
  const auth = { authorization: `Bearer ${adminToken}` };
  await call(
    `${url}/admin/users`,
    'POST',
    { username: LOOP_USER, email: 'soak@example.com', sendInvitation: false },
    auth,
  );
  const set = await call(
    `${url}/admin/users/${LOOP_USER}/password`,
    'POST',
    { password: LOOP_PASSWORD, permanent: true },
    auth,
  );
  if (set.status !== 204) throw new Error(`could not set the loop user's password: ${set.status}`);
}

/** The prom-client heap gauge the gateway exports on its metrics port. */
async function heapUsedMb(metricsUrl: string): Promise<number> {
  const text = await (await fetch(`${metricsUrl}/metrics`)).text();
  const match = /^nodejs_heap_size_used_bytes (\d+(?:\.\d+)?(?:e\+\d+)?)$/m.exec(text);
  return match ? Number(match[1]) / 2 ** 20 : NaN;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cgw-soak-'));
  const emulator: Emulator = await startEmulator(dataDir);
  // Rate limits on, as deployed, with budgets this one client never exhausts (the loop signs in once a
  // second): every made-up username still leaves a per-username key behind, which is what must stay bounded.
  const metricsPort = await freePort();
  const gateway = await startGateway(emulator, 'USER_PASSWORD_AUTH', {
    REVOCATION_STORE_PATH: path.join(dataDir, 'revocations.sqlite'),
    RATE_LIMITS: 'on',
    RATE_LIMIT_IP: '999999/1',
    RATE_LIMIT_SIGN_IN: '999999/60',
    METRICS_PORT: String(metricsPort),
  });
  const metricsUrl = `http://127.0.0.1:${metricsPort}`;
  const pid = gateway.child.pid!;
  const adminToken = await signInThroughGateway(gateway.url);
  await createLoopUser(gateway.url, adminToken);

  const guarded = new FixedRateLoad(new URL(`${gateway.url}/auth/session`), {
    authorization: `Bearer ${adminToken}`,
  });
  await guarded.open(64);

  const endAt = Date.now() + MINUTES * 60_000;
  const running = () => Date.now() < endAt;
  let guardedDone = 0;
  let signOuts = 0;
  let ghosts = 0;
  // The local Cognito runs in the background class: on a busy machine a call to it may time out (503).
  // That is counted and reported; any other answer is a defect and ends the run.
  let upstreamFailures = 0;
  const countUpstreamFailure = (status: number): void => {
    if (status !== 503) throw new Error(`unexpected answer ${status}`);
    upstreamFailures++;
  };

  const guardedLoop = (async () => {
    while (running()) {
      const result = await guarded.run(GUARDED_RATE, 1);
      guardedDone += result.latenciesMs.length;
      if (result.errors > 0) throw new Error(`guarded requests failed: ${result.failedStatuses[0]}`);
    }
  })();
  const signOutLoop = (async () => {
    while (running()) {
      const signIn = await call(`${gateway.url}/auth/sign-in`, 'POST', {
        username: LOOP_USER,
        password: LOOP_PASSWORD,
      });
      const tokens = signIn.body.tokens as { accessToken: string; idToken: string } | undefined;
      const out = tokens
        ? await call(`${gateway.url}/auth/sign-out`, 'POST', undefined, {
            authorization: `Bearer ${tokens.accessToken}`,
            'x-id-token': tokens.idToken,
          })
        : signIn;
      if (out.status === 204) signOuts++;
      else countUpstreamFailure(out.status);
    }
  })();
  const ghostLoop = (async () => {
    for (let n = 0; running(); n++) {
      const started = Date.now();
      const batch = Array.from({ length: GHOSTS_PER_SECOND }, (_, i) =>
        call(`${gateway.url}/auth/sign-in`, 'POST', {
          username: `ghost-${n}-${i}`,
          password: 'Not#TheirPassw0rd',
        }),
      );
      for (const answer of await Promise.all(batch))
        if (answer.status !== 401) countUpstreamFailure(answer.status);
      ghosts += batch.length;
      await new Promise((r) => setTimeout(r, Math.max(0, 1000 - (Date.now() - started))));
    }
  })();

  const samples: Sample[] = [];
  const started = Date.now();
  let lastGuarded = 0;
  const sampler = (async () => {
    while (running()) {
      await new Promise((r) => setTimeout(r, SAMPLE_MS));
      const sample: Sample = {
        minute: (Date.now() - started) / 60_000,
        rssMb: rssMbOf(pid),
        heapUsedMb: await heapUsedMb(metricsUrl),
        guardedPerSecond: (guardedDone - lastGuarded) / (SAMPLE_MS / 1000),
        signOuts,
        ghosts,
      };
      lastGuarded = guardedDone;
      samples.push(sample);
      progress(
        `${sample.minute.toFixed(1)} min: RSS ${sample.rssMb.toFixed(0)} MB, heap ${sample.heapUsedMb.toFixed(0)} MB, ` +
          `${sample.guardedPerSecond.toFixed(0)} guarded/s, ${signOuts} sign-outs, ${ghosts} made-up sign-ins`,
      );
    }
  })();

  await Promise.all([guardedLoop, signOutLoop, ghostLoop, sampler]);
  guarded.close();
  await stopAll();
  rmSync(dataDir, { recursive: true, force: true });

  const lastThird = samples.filter((s) => s.minute >= (MINUTES * 2) / 3);
  const growth = (lastThird.at(-1)!.rssMb - lastThird[0].rssMb) / lastThird[0].rssMb;
  const heapGrowth = (lastThird.at(-1)!.heapUsedMb - lastThird[0].heapUsedMb) / lastThird[0].heapUsedMb;
  process.stdout.write('\n| minute | RSS MB | heap used MB | guarded req/s |\n|---:|---:|---:|---:|\n');
  for (const s of samples.filter((_, i) => i % 6 === 5 || i === samples.length - 1)) {
    process.stdout.write(
      `| ${s.minute.toFixed(0)} | ${s.rssMb.toFixed(0)} | ${s.heapUsedMb.toFixed(0)} | ${s.guardedPerSecond.toFixed(0)} |\n`,
    );
  }
  process.stdout.write(
    `\nRSS over the last third: ${(growth * 100).toFixed(1)}% (goal < 5%); heap ${(heapGrowth * 100).toFixed(1)}%; ` +
      `${signOuts} sign-outs, ${ghosts} made-up usernames, ${upstreamFailures} answers 503 (local Cognito late)\n`,
  );
  mkdirSync(path.join(__dirname, 'results'), { recursive: true });
  writeFileSync(
    path.join(__dirname, 'results', 'soak.json'),
    JSON.stringify({ minutes: MINUTES, guardedRate: GUARDED_RATE, growth, heapGrowth, samples }, null, 2),
  );
}

main().catch(async (error: unknown) => {
  process.stderr.write(`[soak] failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  await stopAll();
  process.exit(1);
});
