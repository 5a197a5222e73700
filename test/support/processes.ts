import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { runInThisContext } from 'node:vm';

const STANDALONE = path.resolve(__dirname, '../../dist/local-cognito/standalone.js');

/**
 * Records unhandled rejections and uncaught exceptions of the whole test process (the gateway runs in it).
 * Jest hands each test file a copy of `process` that never receives these events, so the listeners go
 * on the real one.
 */
export function watchProcessFailures(): { failures: string[]; stop: () => void } {
  const realProcess = runInThisContext('process') as NodeJS.Process;
  const failures: string[] = [];
  const record = (kind: string) => (error: unknown) => {
    failures.push(`${kind}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  };
  const onRejection = record('unhandledRejection');
  const onException = record('uncaughtException');
  realProcess.on('unhandledRejection', onRejection);
  realProcess.on('uncaughtException', onException);
  return {
    failures,
    stop: () => {
      realProcess.off('unhandledRejection', onRejection);
      realProcess.off('uncaughtException', onException);
    },
  };
}

export interface StandaloneInfo {
  endpoint: string;
  userPoolId: string;
  clientId: string;
  region: string;
  issuer: string;
}

/** `node dist/local-cognito/standalone.js` as a child process: what an operator runs, killable for real. */
export class StandaloneCognito {
  private constructor(
    readonly child: ChildProcess,
    readonly info: StandaloneInfo,
  ) {}

  get port(): number {
    return Number(new URL(this.info.endpoint).port);
  }

  static async start(options: {
    dataDir: string;
    port?: number;
    adminUsername: string;
    adminPassword: string;
  }): Promise<StandaloneCognito> {
    if (!existsSync(STANDALONE)) {
      throw new Error(`${STANDALONE} is missing: run \`npx nest build\` first (npm run test:e2e does)`);
    }
    const child = spawn(process.execPath, [STANDALONE], {
      env: {
        PATH: process.env.PATH ?? '',
        LOCAL_COGNITO_PORT: String(options.port ?? 0),
        LOCAL_COGNITO_DIR: options.dataDir,
        LOCAL_ADMIN_USERNAME: options.adminUsername,
        LOCAL_ADMIN_PASSWORD: options.adminPassword,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const lines = createInterface({ input: child.stdout });
    const info = await new Promise<StandaloneInfo>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`local Cognito did not start in 30 s: ${stderr}`)),
        30_000,
      );
      lines.once('line', (line) => {
        clearTimeout(timer);
        try {
          resolve(JSON.parse(line) as StandaloneInfo);
        } catch {
          reject(new Error(`local Cognito printed "${line}" instead of its connection details`));
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`local Cognito exited with ${code}: ${stderr}`));
      });
    });
    // Keep draining stdout (messages with codes) so the child never blocks on a full pipe.
    lines.on('line', () => undefined);
    return new StandaloneCognito(child, info);
  }

  /** SIGKILL: a crash, not a goodbye — open connections are cut, nothing is flushed. */
  async kill(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGKILL');
    await exited;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await exited;
  }
}

/**
 * A TCP proxy that holds every byte from the client for `delayMs` before passing it on: a Cognito that
 * answers slowly. `open` counts client connections still alive, to see whether requests pile up.
 */
export class DelayProxy {
  private constructor(
    private readonly server: net.Server,
    private readonly sockets: Set<net.Socket>,
    readonly url: string,
  ) {}

  get open(): number {
    return this.sockets.size;
  }

  static async start(target: string, delayMs: number): Promise<DelayProxy> {
    const { hostname, port } = new URL(target);
    const sockets = new Set<net.Socket>();
    const server = net.createServer((client) => {
      sockets.add(client);
      const upstream = net.connect(Number(port), hostname);
      const closeBoth = (): void => {
        sockets.delete(client);
        client.destroy();
        upstream.destroy();
      };
      client.on('data', (chunk) => {
        setTimeout(() => {
          if (!upstream.destroyed) upstream.write(chunk);
        }, delayMs);
      });
      upstream.on('data', (chunk) => {
        if (!client.destroyed) client.write(chunk);
      });
      client.on('close', closeBoth);
      upstream.on('close', closeBoth);
      client.on('error', closeBoth);
      upstream.on('error', closeBoth);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address() as net.AddressInfo;
    return new DelayProxy(server, sockets, `http://127.0.0.1:${address.port}`);
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Polls `condition` until it holds or `timeoutMs` passes; returns whether it held. */
export async function eventually(
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return condition();
}
