/**
 * The processes the bench drives: the local Cognito, gateways, the bare proxy and the sign-in loops, each
 * a process of its own so that /proc tells what each one spends.
 */
import { ChildProcess, fork, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { freePort } from '../test/support/ports';
import { PASSWORD, USERNAME } from './sign-in';

const ROOT = path.resolve(__dirname, '..');
const CLK_TCK = 100;
/**
 * The local Cognito and the sign-in loops stand in for AWS and for other people's devices, which never
 * share the gateway's CPU. They run under SCHED_IDLE (`chrt --idle 0`), so that the gateway and the
 * measuring client have first claim on the cores: Linux preempts an idle-class task as soon as any other
 * task wakes, whereas a nice-19 task keeps the core until its slice ends.
 */
const BACKGROUND = ['chrt', '--idle', '0'];

/** The Node flags of `npm run start:prod`, its one place: the gateway is measured as it is deployed. */
export const nodeFlags = (
  JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
).scripts['start:prod']
  .split(/\s+/)
  .filter((word) => word.startsWith('--'));

export interface Emulator {
  pid: number;
  endpoint: string;
  userPoolId: string;
  clientId: string;
  region: string;
}

const children: ChildProcess[] = [];

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

export async function startEmulator(dataDir: string): Promise<Emulator> {
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

/**
 * A gateway as deployed (NODE_ENV=production). `revocations` says where it keeps them: REDIS_URL, or
 * REVOCATION_STORE_PATH (a file of its own: the store locks it).
 */
export async function startGateway(
  emulator: Emulator,
  authFlow: string,
  /** Settings on top of the bench's: at least where revocations go (REDIS_URL or REVOCATION_STORE_PATH). */
  env: Record<string, string>,
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
      METRICS_PORT: '0',
      // The local Cognito runs in the background: on a busy machine it answers late, which must not fail the run.
      COGNITO_TIMEOUT_MS: '60000',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      ...env,
    },
    { flags: nodeFlags },
  );
  // At LOG_LEVEL=warn it says nothing unless something went wrong, which the bench should show.
  child.stdout?.pipe(process.stderr);
  const url = `http://127.0.0.1:${port}`;
  // Generous: on a machine shared with other work, a boot can take many seconds.
  for (const deadline = Date.now() + 180_000; Date.now() < deadline;) {
    try {
      if ((await fetch(`${url}/health/live`)).ok) return { url, child };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('gateway did not start');
}

export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

export async function stopAll(): Promise<void> {
  await Promise.all(children.map(stop));
}

/** bench/bare-proxy.ts in a process of its own, with the gateway's Node flags: its URL. */
export async function startBareProxy(emulator: Emulator): Promise<string> {
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

/** 4 closed sign-in loops in a process of their own (bench/sign-in-loops.ts), run and paused at will. */
export async function startSignInLoops(): Promise<{
  run: (url: string) => void;
  pause: () => Promise<number>;
}> {
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

/**
 * User + system CPU of another process, in ms (from /proc: what that process alone spent, all its
 * threads); with `thread`, of that one thread only (the main thread's id is the pid: the event loop).
 */
export function cpuMsOf(pid: number, thread?: number): number {
  const stat = thread === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`;
  const fields = readFileSync(stat, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
}

export function rssMbOf(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}
