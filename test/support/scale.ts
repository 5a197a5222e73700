import { ChildProcess, spawn } from 'node:child_process';
import { createConnection, createServer, Server, Socket } from 'node:net';
import * as path from 'node:path';

const MAIN = path.resolve(__dirname, '../../dist/main.js');

/** The built gateway (`node dist/main.js`, as in production) with only the given environment. */
export class GatewayProcess {
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private log = '';

  constructor(
    readonly port: number,
    env: Record<string, string>,
    readonly child: ChildProcess = spawn(process.execPath, [MAIN], {
      // A free metrics port: several gateways run side by side.
      env: { PATH: process.env.PATH ?? '', PORT: String(port), METRICS_PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  ) {
    child.stdout?.on('data', (chunk: Buffer) => (this.log += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.log += chunk.toString()));
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  output(): string {
    return this.log;
  }

  /** Waits until the gateway answers /health/ready with 200. */
  async ready(timeoutMs = 20_000): Promise<void> {
    await waitFor(async () => {
      if (this.child.exitCode !== null) throw new Error(`gateway exited:\n${this.log}`);
      const response = await fetch(`${this.baseUrl}/health/ready`).catch(() => undefined);
      return response?.status === 200;
    }, timeoutMs);
  }
}

export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}

/** Resolves with the connection error code ('ECONNREFUSED') or 'connected'. */
export function tryConnect(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: Error & { code?: string }) => resolve(error.code ?? error.message));
  });
}

/**
 * A TCP proxy in front of a service that holds every chunk a client sends for `delayMs`: with it in
 * front of Cognito, a gateway request that calls Cognito stays in flight as long as the test wants.
 */
export class DelayingProxy {
  delayMs = 0;
  /** HTTP requests seen on their way to the service. */
  requests = 0;
  private readonly sockets = new Set<Socket>();

  private constructor(private readonly server: Server) {}

  static async start(targetPort: number): Promise<DelayingProxy> {
    const server = createServer();
    const proxy = new DelayingProxy(server);
    server.on('connection', (client) => proxy.pipe(client, targetPort));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get port(): number {
    const address = this.server.address();
    return typeof address === 'object' && address ? address.port : 0;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private pipe(client: Socket, targetPort: number): void {
    const upstream = createConnection({ port: targetPort, host: '127.0.0.1' });
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        this.sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.on('data', (chunk: Buffer) => {
      if (/^[A-Z]+ \//.test(chunk.toString('latin1', 0, 10))) this.requests++;
      setTimeout(() => upstream.write(chunk), this.delayMs);
    });
    upstream.pipe(client);
  }
}
