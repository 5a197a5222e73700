/**
 * `npm run bench` (full, a few minutes) or `npm run bench -- --smoke` (seconds; CI runs it so the bench
 * cannot rot). Starts the local Cognito and the built gateway as separate processes, drives them on
 * loopback, and prints five ratios and the propagation delay of a revocation between two instances, each measured side by side inside this one run, so that a noisy
 * machine cannot fake progress (DESIGN.md, "Benchmark"). Results go to bench/results/latest.json.
 * `-- --only=redis` runs only the Redis measures (with `--smoke`, briefly).
 */
import autocannon from 'autocannon';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { FixedRateLoad, FixedRateResult, percentile } from './fixed-rate';
import {
  gatewayCpuPerSignIn,
  initiateAuthDirect,
  libraryCpuPerSignIn,
  load,
  p50sOf,
  perSecond,
  pooled,
  PUBLIC_AUTH_ROUTES,
  routeCpuUs,
} from './measures';
import { ONLY, plan, SMOKE } from './plan';
import {
  Emulator,
  nodeFlags,
  rssMbOf,
  startBareProxy,
  startEmulator,
  startGateway,
  startSignInLoops,
  stop,
  stopAll,
} from './processes';
import { redisMeasures } from './redis';
import { printTable, Ratios, ratioRows, redisRows, routeRows } from './report';
import { signInThroughGateway } from './sign-in';

const ROOT = path.resolve(__dirname, '..');
/** Keep-alive sockets of the fixed-rate load: enough that a stall of the gateway, not a lack of sockets, is measured. */
const LATENCY_CONNECTIONS = 64;

function progress(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

/** Password-flow sign-in: its CPU against identity-js's, and its p50 overhead against the bare proxy's. */
async function passwordFlow(
  emulator: Emulator,
  dataDir: string,
): Promise<Pick<Ratios, 'overhead'> & { cpu: Ratios['signInCpu']['password'] }> {
  progress('sign-in CPU, password flow');
  const gatewayProcess = await startGateway(emulator, 'USER_PASSWORD_AUTH', {
    REVOCATION_STORE_PATH: path.join(dataDir, 'password-revocations.sqlite'),
  });
  const gateway = await gatewayCpuPerSignIn(gatewayProcess.url, gatewayProcess.child.pid!);
  const library = await libraryCpuPerSignIn(emulator, 'USER_PASSWORD_AUTH');

  progress('sign-in latency: gateway and bare proxy vs InitiateAuth straight to Cognito');
  const bareProxyUrl = await startBareProxy(emulator);
  const [direct, bareProxy, viaGateway] = await p50sOf([
    () => initiateAuthDirect(emulator),
    () => signInThroughGateway(bareProxyUrl),
    () => signInThroughGateway(gatewayProcess.url),
  ]);
  await stop(gatewayProcess.child);
  return {
    cpu: { gateway, library, ratio: gateway / library },
    overhead: {
      gateway: viaGateway,
      bareProxy,
      direct,
      ratio: (viaGateway - direct) / (bareProxy - direct),
    },
  };
}

/** Requests per second, guarded and unguarded, in rounds that take turns so that drift weighs on both alike. */
async function guardLoad(
  url: string,
  bearer: Record<string, string>,
): Promise<{ guard: Ratios['guard']; runs: autocannon.Result[] }> {
  progress('warm-up');
  await load(`${url}/health/live`, {}, plan.warmUpSeconds);
  await load(`${url}/auth/session`, bearer, plan.warmUpSeconds);
  const live: autocannon.Result[] = [];
  const session: autocannon.Result[] = [];
  for (let round = 0; round < plan.loadRounds; round++) {
    progress(`load round ${round + 1}/${plan.loadRounds}, ${plan.loadSeconds}s each`);
    live.push(await load(`${url}/health/live`));
    session.push(await load(`${url}/auth/session`, bearer));
  }
  const [liveRate, sessionRate] = [perSecond(live), perSecond(session)];
  return {
    guard: { ratio: sessionRate / liveRate, session: sessionRate, live: liveRate },
    runs: [...live, ...session],
  };
}

/**
 * p99 of /auth/session at a fixed rate well below saturation (at full load p99 only measures queueing),
 * alone and with 4 sign-in loops on the same gateway, in rounds that take turns. Each measure follows a
 * few seconds of the same conditions, unmeasured: the loops' first sign-ins compile code and open
 * connections, and the garbage they leave would be charged to whatever is measured next.
 */
async function latencyBesideSignIns(
  url: string,
  bearer: Record<string, string>,
  rate: number,
): Promise<{ p99: Ratios['p99']; runs: FixedRateResult[] }> {
  const loops = await startSignInLoops();
  // Opened last: sockets left idle while the loops start could outlive the server's keep-alive timeout.
  const fixedRate = new FixedRateLoad(new URL(`${url}/auth/session`), bearer);
  await fixedRate.open(LATENCY_CONNECTIONS);
  const settledRun = async (): Promise<FixedRateResult> => {
    await fixedRate.run(rate, plan.warmUpSeconds);
    return fixedRate.run(rate, plan.latencySeconds);
  };
  const alone: FixedRateResult[] = [];
  const withSignIns: FixedRateResult[] = [];
  let sideSignIns = 0;
  for (let round = 0; round < plan.rounds; round++) {
    progress(
      `latency round ${round + 1}/${plan.rounds}: GET /auth/session at ${rate} req/s, alone, then beside 4 sign-in loops`,
    );
    alone.push(await settledRun());
    loops.run(url);
    withSignIns.push(await settledRun());
    sideSignIns += await loops.pause();
  }
  fixedRate.close();
  const [aloneP99, withSignInsP99] = [percentile(pooled(alone), 0.99), percentile(pooled(withSignIns), 0.99)];
  return {
    p99: {
      ratio: withSignInsP99 / aloneP99,
      withSignIns: withSignInsP99,
      alone: aloneP99,
      rate,
      sideSignIns,
    },
    runs: [...alone, ...withSignIns],
  };
}

/** What failed, where: a bare count cannot be looked into once the run is over. */
function failuresOf(loads: autocannon.Result[], fixedRate: FixedRateResult[]): string[] {
  return [
    ...loads.flatMap((run) => [
      ...(run.errors > 0 ? [`${run.url}: ${run.errors} socket errors (${run.timeouts} timeouts)`] : []),
      ...Object.entries(run.statusCodeStats ?? {})
        .filter(([status]) => !status.startsWith('2'))
        .map(([status, { count }]) => `${run.url}: ${count ?? 0}× ${status}`),
    ]),
    ...fixedRate.flatMap((run) =>
      run.failedStatuses.map((status) => `/auth/session at a fixed rate: ${status}`),
    ),
  ];
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cgw-bench-'));
  try {
    progress(
      `mode: ${SMOKE ? 'smoke' : 'full'}; Node flags: ${nodeFlags.join(' ') || '(none)'}; starting local Cognito`,
    );
    const emulator = await startEmulator(dataDir);
    if (ONLY === 'redis') {
      printTable(redisRows(await redisMeasures(emulator, dataDir, progress)));
      return;
    }
    if (ONLY !== undefined) throw new Error(`--only=${ONLY}: the one subset is --only=redis`);
    const password = await passwordFlow(emulator, dataDir);

    progress('sign-in CPU, SRP flow');
    const srp = await startGateway(emulator, 'USER_SRP_AUTH', {
      REVOCATION_STORE_PATH: path.join(dataDir, 'srp-revocations.sqlite'),
    });
    const pid = srp.child.pid!;
    const srpGateway = await gatewayCpuPerSignIn(srp.url, pid);
    const srpLibrary = await libraryCpuPerSignIn(emulator, 'USER_SRP_AUTH');

    const bearer = { authorization: `Bearer ${await signInThroughGateway(srp.url)}` };
    const throughput = await guardLoad(srp.url, bearer);
    const latency = await latencyBesideSignIns(srp.url, bearer, Math.round(throughput.guard.session / 4));

    progress('gateway CPU per public auth route, made-up input');
    const routes = [];
    for (const route of PUBLIC_AUTH_ROUTES)
      routes.push({
        method: route.body ? 'POST' : 'GET',
        path: route.path,
        ...(await routeCpuUs(srp.url, pid, route)),
      });
    const rssMb = rssMbOf(pid);
    await stop(srp.child);
    const redis = await redisMeasures(emulator, dataDir, progress);

    const ratios: Ratios = {
      guard: throughput.guard,
      signInCpu: {
        password: password.cpu,
        srp: { gateway: srpGateway, library: srpLibrary, ratio: srpGateway / srpLibrary },
      },
      overhead: password.overhead,
      p99: latency.p99,
    };
    printTable([...ratioRows(ratios, rssMb), ...redisRows(redis), ...routeRows(routes)]);

    const failures = failuresOf(throughput.runs, latency.runs);
    const results = {
      date: new Date().toISOString(),
      mode: SMOKE ? 'smoke' : 'full',
      node: process.version,
      nodeFlags,
      plan,
      ratios,
      redis,
      routeCpuUs: routes,
      rssMbAfterRun: rssMb,
      failures,
    };
    const out = SMOKE ? path.join(dataDir, 'smoke.json') : path.join(ROOT, 'bench/results/latest.json');
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
    progress(`results written to ${path.relative(ROOT, out) || out}`);
    if (failures.length > 0) throw new Error(`failed requests during the load runs: ${failures.join('; ')}`);
  } finally {
    await stopAll();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`[bench] failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
