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
 * A TCP proxy that holds every byte from the client for `delayMs` (changeable at any time) before
 * passing it on: a Cognito that answers slowly. `pending` counts connections whose client sent
 * something that has had no answer yet and that are still open: requests piling up.
 */
export class DelayProxy {
  private readonly sockets = new Set<net.Socket>();
  private readonly waiting = new Set<net.Socket>();
  private readonly server: net.Server;
  url = '';

  private constructor(
    private readonly target: URL,
    public delayMs: number,
  ) {
    this.server = net.createServer((client) => this.relay(client));
  }

  get pending(): number {
    return this.waiting.size;
  }

  static async start(target: string, delayMs: number): Promise<DelayProxy> {
    const proxy = new DelayProxy(new URL(target), delayMs);
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    proxy.url = `http://127.0.0.1:${(proxy.server.address() as net.AddressInfo).port}`;
    return proxy;
  }

  private relay(client: net.Socket): void {
    this.sockets.add(client);
    const upstream = net.connect(Number(this.target.port), this.target.hostname);
    const closeBoth = (): void => {
      this.sockets.delete(client);
      this.waiting.delete(client);
      client.destroy();
      upstream.destroy();
    };
    client.on('data', (chunk) => {
      this.waiting.add(client);
      setTimeout(() => {
        if (!upstream.destroyed) upstream.write(chunk);
      }, this.delayMs);
    });
    upstream.on('data', (chunk) => {
      this.waiting.delete(client);
      if (!client.destroyed) client.write(chunk);
    });
    for (const socket of [client, upstream]) {
      socket.on('close', closeBoth);
      socket.on('error', closeBoth);
    }
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
