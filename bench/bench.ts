/**
 * `npm run bench` (full, ~2.5 min) or `npm run bench -- --smoke` (seconds; CI runs it so the bench cannot rot).
 * Starts the local Cognito and the built gateway as separate processes, drives them on loopback, and prints
 * ratios measured inside this one run, so a noisy machine cannot fake progress (DESIGN.md, "Benchmark").
 */
import { AuthenticationDetails, CognitoUser, CognitoUserPool } from 'amazon-cognito-identity-js';
import autocannon from 'autocannon';
import { ChildProcess, fork, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { freePort } from '../test/support/ports';
import { FixedRateLoad, FixedRateResult, percentile } from './fixed-rate';
import { PASSWORD, signInThroughGateway, USERNAME } from './sign-in';

const SMOKE = process.argv.includes('--smoke');
const ROOT = path.resolve(__dirname, '..');
const CLK_TCK = 100;
/**
 * The local Cognito and the sign-in loops stand in for AWS and for other people's devices, which never
 * share the gateway's CPU. On this 2-core machine they run under SCHED_IDLE (`chrt --idle 0`), so that
 * the gateway and the measuring client have first claim on the cores: Linux preempts an idle-class task
 * as soon as any other task wakes. nice 19 is not enough on this kernel (6.18, EEVDF): a nice-19 task
 * keeps the core until its slice ends, and with the loops served by a second, nice-19 gateway, the
 * measured gateway's p99 went from 1.5 ms to 4–14 ms. Nothing else is affected: they are idle during the
 * other measures.
 */
const BACKGROUND = ['chrt', '--idle', '0'];
/** Keep-alive sockets of the fixed-rate load: enough that a stall of the gateway, not a lack of sockets, is measured. */
const LATENCY_CONNECTIONS = 64;

const plan = SMOKE
  ? {
      loadSeconds: 1,
      loadRounds: 1,
      rounds: 1,
      warmUpSeconds: 1,
      signInWarmUpSeconds: 1,
      connections: 16,
      signIns: 10,
      librarySignIns: 3,
      latencySamples: 20,
      latencySeconds: 1,
    }
  : {
      // Short turns: this machine's speed drifts within seconds, and only turns finer than the drift share it.
      loadSeconds: 3,
      loadRounds: 5,
      rounds: 3,
      warmUpSeconds: 3,
      // ~3,000 sign-ins: until then, much of Node's HTTP, Fastify and Nest code still runs unoptimised.
      signInWarmUpSeconds: 8,
      connections: 32,
      signIns: 200,
      librarySignIns: 30,
      latencySamples: 300,
      latencySeconds: 5,
    };

interface Emulator {
  pid: number;
  endpoint: string;
  userPoolId: string;
  clientId: string;
  region: string;
}

/** The Node flags of `npm run start:prod`: the gateway is measured as it is deployed. */
const nodeFlags = (
  JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
).scripts['start:prod']
  .split(/\s+/)
  .filter((word) => word.startsWith('--'));

const children: ChildProcess[] = [];

function progress(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

function launch(
  script: string,
  env: Record<string, string>,
  options: { flags?: string[]; background?: boolean } = {},
): ChildProcess {
  const command = [...(options.background ? BACKGROUND : []), process.execPath];
  const child = spawn(command[0], [...command.slice(1), ...(options.flags ?? []), path.join(ROOT, script)], {
    env: { PATH: process.env.PATH ?? '', AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  return child;
}

async function startEmulator(dataDir: string): Promise<Emulator> {
  const child = launch(
    'dist/local-cognito/standalone.js',
    {
      LOCAL_COGNITO_PORT: '0',
      LOCAL_COGNITO_DIR: dataDir,
      LOCAL_ADMIN_USERNAME: USERNAME,
      LOCAL_ADMIN_PASSWORD: PASSWORD,
    },
    { background: true },
  );
  return new Promise((resolve, reject) => {
    let buffered = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const line = buffered.split('\n')[0];
      if (buffered.includes('\n'))
        resolve({ ...(JSON.parse(line) as Omit<Emulator, 'pid'>), pid: child.pid! });
    });
    child.once('exit', (code) => reject(new Error(`local Cognito exited with ${code}`)));
  });
}

async function startGateway(
  emulator: Emulator,
  authFlow: string,
  background = false,
): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = launch(
    'dist/main.js',
    {
      PORT: String(port),
      COGNITO_REGION: emulator.region,
      COGNITO_USER_POOL_ID: emulator.userPoolId,
      COGNITO_CLIENT_ID: emulator.clientId,
      COGNITO_ENDPOINT: emulator.endpoint,
      AUTH_FLOW: authFlow,
      RATE_LIMITS: 'off',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
    },
    { flags: nodeFlags, background },
  );
  // At LOG_LEVEL=warn it says nothing unless something went wrong, which the bench should show.
  child.stdout?.pipe(process.stderr);
  const url = `http://127.0.0.1:${port}`;
  // Up to 60 s: a background (SCHED_IDLE) gateway only runs when a core is free, rare on a shared machine.
  for (let i = 0; i < 1200; i++) {
    try {
      if ((await fetch(`${url}/health/live`)).ok) return { url, child };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('gateway did not start');
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/**
 * User + system CPU of another process, in ms (from /proc: what that process alone spent, all its
 * threads); with `thread`, of that one thread only (the main thread's id is the pid: the event loop).
 */
function cpuMsOf(pid: number, thread?: number): number {
  const stat = thread === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`;
  const fields = readFileSync(stat, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
}

function rssMbOf(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

/** 4 closed sign-in loops in a process of their own (bench/sign-in-loops.ts), run and paused at will. */
async function startSignInLoops(): Promise<{ run: (url: string) => void; pause: () => Promise<number> }> {
  const child = fork(path.join(__dirname, 'sign-in-loops.ts'), ['4'], {
    execPath: BACKGROUND[0],
    execArgv: [...BACKGROUND.slice(1), process.execPath, '-r', 'ts-node/register/transpile-only'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.push(child);
  // The next message, or a failure if the process ends first (a failed sign-in ends it): never a hang.
  const reply = <T>(): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const exited = (code: number | null) => reject(new Error(`the sign-in loops exited with ${code}`));
      child.once('exit', exited).once('error', reject);
      child.once('message', (message: T) => {
        child.off('exit', exited).off('error', reject);
        resolve(message);
      });
    });
  await reply();
  return {
    run: (url) => child.send({ run: url }),
    pause: async () => {
      child.send({ pause: true });
      return (await reply<{ signIns: number }>()).signIns;
    },
  };
}

async function initiateAuthDirect(emulator: Emulator): Promise<void> {
  const response = await fetch(emulator.endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth',
    },
    body: JSON.stringify({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: emulator.clientId,
      AuthParameters: { USERNAME, PASSWORD },
    }),
  });
  // Parsed, as a client of Cognito would, like the gateway's answer in signInThroughGateway.
  const body = (await response.json()) as { AuthenticationResult?: unknown };
  if (!response.ok || !body.AuthenticationResult) throw new Error(`InitiateAuth failed: ${response.status}`);
}

/** CPU the gateway process spends per sign-in, over `plan.signIns` sequential sign-ins: in all, and on its event loop. */
async function cpuPerSignIn(url: string, pid: number): Promise<{ all: number; eventLoop: number }> {
  const [before, loopBefore] = [cpuMsOf(pid), cpuMsOf(pid, pid)];
  for (let i = 0; i < plan.signIns; i++) await signInThroughGateway(url);
  return {
    all: (cpuMsOf(pid) - before) / plan.signIns,
    eventLoop: (cpuMsOf(pid, pid) - loopBefore) / plan.signIns,
  };
}

/**
 * Sign-in CPU of a fresh gateway (its first sign-ins, while V8 still compiles and most code runs
 * unoptimised), then of the same gateway warmed by a few seconds of concurrent sign-ins: the steady
 * state a deployed gateway spends its life in, which the target is about.
 */
async function gatewayCpuPerSignIn(
  url: string,
  pid: number,
): Promise<{ cold: number; all: number; eventLoop: number }> {
  const { all: cold } = await cpuPerSignIn(url, pid);
  const until = Date.now() + plan.signInWarmUpSeconds * 1000;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (Date.now() < until) await signInThroughGateway(url);
    }),
  );
  return { cold, ...(await cpuPerSignIn(url, pid)) };
}

/** The same sign-in done by amazon-cognito-identity-js's authenticateUser in this process. */
async function libraryCpuPerSignIn(
  emulator: Emulator,
  flow: 'USER_PASSWORD_AUTH' | 'USER_SRP_AUTH',
): Promise<number> {
  const pool = new CognitoUserPool({
    UserPoolId: emulator.userPoolId,
    ClientId: emulator.clientId,
    endpoint: emulator.endpoint,
  });
  const once = () =>
    new Promise<void>((resolve, reject) => {
      const user = new CognitoUser({ Username: USERNAME, Pool: pool });
      user.setAuthenticationFlowType(flow);
      user.authenticateUser(new AuthenticationDetails({ Username: USERNAME, Password: PASSWORD }), {
        onSuccess: () => resolve(),
        onFailure: reject,
      });
    });
  for (let i = 0; i < 3; i++) await once();
  const before = process.cpuUsage();
  for (let i = 0; i < plan.librarySignIns; i++) await once();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000 / plan.librarySignIns;
}

async function load(
  url: string,
  headers: Record<string, string> = {},
  seconds = plan.loadSeconds,
): Promise<autocannon.Result> {
  return autocannon({ url, headers, connections: plan.connections, duration: seconds });
}

/** The latencies of several fixed-rate runs together, sorted. */
function pooled(runs: FixedRateResult[]): number[] {
  return runs.flatMap((run) => run.latenciesMs).sort((a, b) => a - b);
}

/** Requests per second over several runs: all their requests over all their time. */
function perSecond(runs: autocannon.Result[]): number {
  const requests = runs.reduce((sum, run) => sum + run.requests.total, 0);
  const seconds = runs.reduce((sum, run) => sum + run.duration, 0);
  return requests / seconds;
}

/**
 * p50 latency of sequential calls of each of `runs`, taking turns in rounds so that a drift of the
 * machine weighs on all alike; this process's CPU per call of each (what one exchange costs a client);
 * and the local Cognito's CPU per call of each (its share of the latency, which grows when other
 * processes run between its calls on this shared machine).
 */
async function p50sOf(
  runs: (() => Promise<unknown>)[],
  cognitoPid: number,
): Promise<{ p50: number; clientCpuMs: number; cognitoCpuMs: number }[]> {
  // Unmeasured first calls, alike for all: the client's own code (fetch) warms up too.
  for (const run of runs) for (let i = 0; i < plan.latencySamples / 3; i++) await run();
  const rounds = 5;
  const measured = runs.map(() => ({ samples: [] as number[], cpuMicros: 0, cognitoCpuMs: 0 }));
  for (let round = 0; round < rounds; round++) {
    for (const [index, run] of runs.entries()) {
      const cpuBefore = process.cpuUsage();
      const cognitoBefore = cpuMsOf(cognitoPid);
      for (let i = 0; i < plan.latencySamples / rounds; i++) {
        const start = process.hrtime.bigint();
        await run();
        measured[index].samples.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
      const cpu = process.cpuUsage(cpuBefore);
      measured[index].cpuMicros += cpu.user + cpu.system;
      measured[index].cognitoCpuMs += cpuMsOf(cognitoPid) - cognitoBefore;
    }
  }
  return measured.map(({ samples, cpuMicros, cognitoCpuMs }) => ({
    p50: percentile(
      samples.sort((a, b) => a - b),
      0.5,
    ),
    clientCpuMs: cpuMicros / 1000 / samples.length,
    cognitoCpuMs: cognitoCpuMs / samples.length,
  }));
}

/** bench/bare-proxy.ts in a process of its own, with the gateway's Node flags: its URL. */
async function startBareProxy(emulator: Emulator): Promise<string> {
  const child = fork(path.join(__dirname, 'bare-proxy.ts'), [emulator.endpoint, emulator.clientId], {
    execArgv: [...nodeFlags, '-r', 'ts-node/register/transpile-only'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once('message', (message: { url: string }) => resolve(message.url));
    child.once('exit', (code) => reject(new Error(`the bare proxy exited with ${code}`)));
  });
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cgw-bench-'));
  try {
    progress(`mode: ${SMOKE ? 'smoke' : 'full'}; starting local Cognito`);
    const emulator = await startEmulator(dataDir);

    progress('sign-in CPU, password flow');
    const password = await startGateway(emulator, 'USER_PASSWORD_AUTH');
    const { all: gwPasswordCpu, cold: gwPasswordCold } = await gatewayCpuPerSignIn(
      password.url,
      password.child.pid!,
    );
    const libPasswordCpu = await libraryCpuPerSignIn(emulator, 'USER_PASSWORD_AUTH');

    progress('sign-in latency: gateway vs InitiateAuth straight to Cognito');
    const bareProxy = await startBareProxy(emulator);
    const [direct, viaBareProxy, viaGateway] = await p50sOf(
      [
        () => initiateAuthDirect(emulator),
        () => signInThroughGateway(bareProxy),
        () => signInThroughGateway(password.url),
      ],
      emulator.pid,
    );
    await stop(password.child);

    progress('sign-in CPU, SRP flow');
    const srp = await startGateway(emulator, 'USER_SRP_AUTH');
    const {
      all: gwSrpCpu,
      cold: gwSrpCold,
      eventLoop: gwSrpLoopCpu,
    } = await gatewayCpuPerSignIn(srp.url, srp.child.pid!);
    const libSrpCpu = await libraryCpuPerSignIn(emulator, 'USER_SRP_AUTH');

    const token = await signInThroughGateway(srp.url);
    const bearer = { authorization: `Bearer ${token}` };
    progress('warm-up');
    await load(`${srp.url}/health/live`, {}, plan.warmUpSeconds);
    await load(`${srp.url}/auth/session`, bearer, plan.warmUpSeconds);
    // The runs take turns, so that a drift of the machine over the run weighs on all alike. /health/live
    // is also sent the session's Authorization header, which it ignores: that separates what carrying a
    // 1 KB header costs any route from what the guard costs.
    const live: autocannon.Result[] = [];
    const liveWithHeader: autocannon.Result[] = [];
    const session: autocannon.Result[] = [];
    for (let round = 0; round < plan.loadRounds; round++) {
      progress(`load round ${round + 1}/${plan.loadRounds}, ${plan.loadSeconds}s each`);
      for (const [runs, route, headers, label] of [
        [live, '/health/live', {}, ''],
        [liveWithHeader, '/health/live', bearer, ' (with the Authorization header)'],
        [session, '/auth/session', bearer, ''],
      ] as const) {
        const cpuBefore = cpuMsOf(srp.child.pid!);
        const run = await load(`${srp.url}${route}`, headers);
        const cpuUs = ((cpuMsOf(srp.child.pid!) - cpuBefore) * 1000) / run.requests.total;
        progress(
          `  ${route}${label}: ${run.requests.average} req/s, gateway CPU ${cpuUs.toFixed(1)} µs per request`,
        );
        runs.push(run);
      }
    }
    const liveRate = perSecond(live);
    const liveWithHeaderRate = perSecond(liveWithHeader);
    const sessionRate = perSecond(session);

    // Latency is compared at a fixed rate well below saturation (at full load p99 only measures queueing),
    // in rounds that take turns, so that drift weighs on all alike: alone; with the sign-in loops served by
    // a second gateway process in the background (what the machine's load alone does to this gateway's
    // latency); with the loops served by this gateway. Each measure follows a few seconds of the same
    // conditions, unmeasured: the loops' first sign-ins compile code and open connections, and the garbage
    // they leave is collected under the next conditions, which would then be charged for it.
    const rate = Math.round(sessionRate / 4);
    const fixedRate = new FixedRateLoad(new URL(`${srp.url}/auth/session`), bearer);
    await fixedRate.open(LATENCY_CONNECTIONS);
    const elsewhere = await startGateway(emulator, 'USER_SRP_AUTH', true);
    const loops = await startSignInLoops();
    const calm: FixedRateResult[] = [];
    const beside: FixedRateResult[] = [];
    const busy: FixedRateResult[] = [];
    let sideSignIns = 0;
    const settledRun = async (): Promise<FixedRateResult> => {
      await fixedRate.run(rate, plan.warmUpSeconds);
      return fixedRate.run(rate, plan.latencySeconds);
    };
    const withLoops = async (url: string): Promise<FixedRateResult> => {
      loops.run(url);
      const run = await settledRun();
      sideSignIns += await loops.pause();
      return run;
    };
    for (let round = 0; round < plan.rounds; round++) {
      progress(
        `latency round ${round + 1}/${plan.rounds}: GET /auth/session at ${rate} req/s for ${plan.latencySeconds}s alone, beside 4 sign-in loops on another gateway, with them on this one`,
      );
      calm.push(await settledRun());
      beside.push(await withLoops(elsewhere.url));
      busy.push(await withLoops(srp.url));
    }
    fixedRate.close();
    await stop(elsewhere.child);
    const calmMs = pooled(calm);
    const besideMs = pooled(beside);
    const busyMs = pooled(busy);
    const rssMb = rssMbOf(srp.child.pid!);
    await stop(srp.child);

    // What failed, where: a bare count cannot be looked into once the run is over.
    const failures = [
      ...[...live, ...liveWithHeader, ...session].flatMap((run) => [
        ...(run.errors > 0 ? [`${run.url}: ${run.errors} socket errors (${run.timeouts} timeouts)`] : []),
        ...Object.entries(run.statusCodeStats ?? {})
          .filter(([status]) => !status.startsWith('2'))
          .map(([status, { count }]) => `${run.url}: ${count ?? 0}× ${status}`),
      ]),
      ...(
        [
          ['alone', calm],
          ['loops elsewhere', beside],
          ['loops here', busy],
        ] as const
      ).flatMap(([label, runs]) =>
        runs.flatMap((run) =>
          run.failedStatuses.map((status) => `/auth/session at a fixed rate, ${label}: ${status}`),
        ),
      ),
    ];
    const errors =
      [...live, ...liveWithHeader, ...session].reduce((sum, run) => sum + run.errors + run.non2xx, 0) +
      [...calm, ...beside, ...busy].reduce((sum, run) => sum + run.errors, 0);
    const results = {
      date: new Date().toISOString(),
      mode: SMOKE ? 'smoke' : 'full',
      node: process.version,
      plan,
      guardedOverUnguarded: sessionRate / liveRate,
      guardedOverUnguardedSameHeaders: sessionRate / liveWithHeaderRate,
      reqPerSec: { healthLive: liveRate, healthLiveWithHeader: liveWithHeaderRate, authSession: sessionRate },
      signInCpuMs: {
        password: {
          gateway: gwPasswordCpu,
          gatewayCold: gwPasswordCold,
          library: libPasswordCpu,
          ratio: gwPasswordCpu / libPasswordCpu,
        },
        srp: {
          gateway: gwSrpCpu,
          gatewayCold: gwSrpCold,
          gatewayEventLoop: gwSrpLoopCpu,
          library: libSrpCpu,
          ratio: gwSrpCpu / libSrpCpu,
        },
      },
      sessionLatencyMs: {
        rate,
        requests: calmMs.length + besideMs.length + busyMs.length,
        p99Alone: percentile(calmMs, 0.99),
        p99WithSignIns: percentile(busyMs, 0.99),
        p99WithSignInsElsewhere: percentile(besideMs, 0.99),
        ratio: percentile(busyMs, 0.99) / percentile(calmMs, 0.99),
        ratioElsewhere: percentile(besideMs, 0.99) / percentile(calmMs, 0.99),
        p50Alone: percentile(calmMs, 0.5),
        p50WithSignIns: percentile(busyMs, 0.5),
        p50WithSignInsElsewhere: percentile(besideMs, 0.5),
        sideSignIns,
      },
      signInOverheadMs: {
        gatewayP50: viaGateway.p50,
        directP50: direct.p50,
        overhead: viaGateway.p50 - direct.p50,
        directClientCpu: direct.clientCpuMs,
        bareProxyP50: viaBareProxy.p50,
        bareProxyOverhead: viaBareProxy.p50 - direct.p50,
        cognitoCpu: {
          direct: direct.cognitoCpuMs,
          bareProxy: viaBareProxy.cognitoCpuMs,
          gateway: viaGateway.cognitoCpuMs,
        },
      },
      rssMbAfterRun: rssMb,
      errors,
    };
    printTable(results);
    const out = SMOKE ? path.join(dataDir, 'smoke.json') : path.join(ROOT, 'bench/results/latest.json');
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
    progress(`results written to ${path.relative(ROOT, out) || out}`);
    if (errors > 0) throw new Error(`${errors} failed requests during the load runs: ${failures.join('; ')}`);
  } finally {
    await Promise.all(children.map(stop));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function printTable(r: {
  guardedOverUnguarded: number;
  guardedOverUnguardedSameHeaders: number;
  reqPerSec: { healthLive: number; healthLiveWithHeader: number; authSession: number };
  signInCpuMs: {
    password: { gateway: number; gatewayCold: number; library: number };
    srp: { gateway: number; gatewayCold: number; gatewayEventLoop: number; library: number };
  };
  sessionLatencyMs: {
    rate: number;
    p99Alone: number;
    p99WithSignIns: number;
    p99WithSignInsElsewhere: number;
    ratio: number;
    ratioElsewhere: number;
    p50Alone: number;
    p50WithSignIns: number;
    p50WithSignInsElsewhere: number;
  };
  signInOverheadMs: {
    gatewayP50: number;
    directP50: number;
    overhead: number;
    directClientCpu: number;
    bareProxyP50: number;
    bareProxyOverhead: number;
    cognitoCpu: { direct: number; bareProxy: number; gateway: number };
  };
  rssMbAfterRun: number;
}): void {
  const f = (n: number, digits = 2) => n.toFixed(digits);
  const rows: [string, string, string][] = [
    [
      'guarded /auth/session ÷ unguarded /health/live req/s',
      `${f(r.guardedOverUnguarded)} (${f(r.reqPerSec.authSession, 0)} / ${f(r.reqPerSec.healthLive, 0)})`,
      '≥ 0.85',
    ],
    [
      '  the same, /health/live sent the same Authorization',
      `${f(r.guardedOverUnguardedSameHeaders)} (${f(r.reqPerSec.authSession, 0)} / ${f(r.reqPerSec.healthLiveWithHeader, 0)})`,
      '(information)',
    ],
    [
      'sign-in CPU ms, password flow (gateway / library)',
      `${f(r.signInCpuMs.password.gateway)} / ${f(r.signInCpuMs.password.library)}`,
      '≤ 5 ms',
    ],
    [
      'sign-in CPU ms, SRP flow (gateway / library)',
      `${f(r.signInCpuMs.srp.gateway)} / ${f(r.signInCpuMs.srp.library)}`,
      '≤ 5 ms',
    ],
    [
      `  the same, a fresh gateway's first ${plan.signIns} (password / SRP)`,
      `${f(r.signInCpuMs.password.gatewayCold)} / ${f(r.signInCpuMs.srp.gatewayCold)}`,
      '(information)',
    ],
    [
      '  of the SRP sign-in, on the event loop (the rest: SRP worker, GC)',
      f(r.signInCpuMs.srp.gatewayEventLoop),
      '(information)',
    ],
    [
      `p99 /auth/session at ${r.sessionLatencyMs.rate}/s, 4 sign-in loops ÷ alone`,
      `${f(r.sessionLatencyMs.ratio)} (${f(r.sessionLatencyMs.p99WithSignIns)} / ${f(r.sessionLatencyMs.p99Alone)} ms)`,
      '≤ 2',
    ],
    [
      '  the loops served by another gateway process instead',
      `${f(r.sessionLatencyMs.ratioElsewhere)} (${f(r.sessionLatencyMs.p99WithSignInsElsewhere)} / ${f(r.sessionLatencyMs.p99Alone)} ms)`,
      '(information)',
    ],
    [
      '  p50, ms: loops here / loops elsewhere / alone',
      `${f(r.sessionLatencyMs.p50WithSignIns)} / ${f(r.sessionLatencyMs.p50WithSignInsElsewhere)} / ${f(r.sessionLatencyMs.p50Alone)}`,
      '(information)',
    ],
    [
      'sign-in p50 overhead over direct InitiateAuth, ms',
      `${f(r.signInOverheadMs.overhead)} (${f(r.signInOverheadMs.gatewayP50)} − ${f(r.signInOverheadMs.directP50)})`,
      '≤ 1 ms',
    ],
    [
      '  the same for a bare Node proxy (node:http, keep-alive)',
      `${f(r.signInOverheadMs.bareProxyOverhead)} (${f(r.signInOverheadMs.bareProxyP50)} − ${f(r.signInOverheadMs.directP50)})`,
      '(information)',
    ],
    [
      '  client CPU ms of that direct InitiateAuth (fetch), for scale',
      f(r.signInOverheadMs.directClientCpu),
      '(information)',
    ],
    [
      "  local Cognito's CPU ms per InitiateAuth: direct / via bare proxy / via gateway",
      `${f(r.signInOverheadMs.cognitoCpu.direct)} / ${f(r.signInOverheadMs.cognitoCpu.bareProxy)} / ${f(r.signInOverheadMs.cognitoCpu.gateway)}`,
      '(information)',
    ],
    ['gateway RSS after the run, MB', f(r.rssMbAfterRun, 0), '≤ 150'],
  ];
  const width = Math.max(...rows.map((row) => row[0].length));
  process.stdout.write(`\n${'measure'.padEnd(width)}  ${'value'.padEnd(28)}  target\n`);
  for (const [name, value, target] of rows)
    process.stdout.write(`${name.padEnd(width)}  ${value.padEnd(28)}  ${target}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`[bench] failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
