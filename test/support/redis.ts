import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import Redis from 'ioredis';
import { tempDir } from './harness';
import { freePort } from './ports';

/** Fails loudly (never skips) when the Debian package is missing: `npm test` installs it. */
export function requireRedisServer(): void {
  const found = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (found.error || found.status !== 0) {
    throw new Error(
      'redis-server is not installed: these tests need a real Redis. Run `npm test` (it installs the ' +
        'Debian package) or `apt-get install -y redis-server`.',
    );
  }
}

/** Whether a Redis answers PING on the port (raw RESP, so no client library retries in the way). */
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    let reply = '';
    socket.setTimeout(1000, () => socket.destroy());
    socket.once('error', () => resolve(false));
    socket.once('close', () => resolve(reply.startsWith('+PONG')));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.includes('\r\n')) socket.end();
    });
    socket.write('PING\r\n');
  });
}

/**
 * A real redis-server on a free loopback port with its data in a temp dir. `appendonly` shows what a
 * persistent production Redis does across a restart; without it a restart forgets every key.
 */
export class TestRedis {
  private process?: ChildProcess;
  private output = '';

  private constructor(
    readonly port: number,
    readonly dir: string,
    private readonly appendOnly: boolean,
  ) {}

  static async start(options: { appendOnly?: boolean } = {}): Promise<TestRedis> {
    requireRedisServer();
    const redis = new TestRedis(await freePort(), tempDir('cgw-redis-'), options.appendOnly ?? false);
    await redis.restart();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts (again) on the same port and dir, and waits for PONG. */
  async restart(): Promise<void> {
    if (this.process) throw new Error('redis-server is already running');
    this.output = '';
    const child = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--dir',
        this.dir,
        '--save',
        '',
        '--appendonly',
        this.appendOnly ? 'yes' : 'no',
        '--appendfsync',
        'always',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.process = child;
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) break;
      if (await answersPing(this.port)) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`redis-server did not answer PING on port ${this.port}:\n${this.output}`);
  }

  /** SIGKILL: Redis vanishes as in a crash, without a goodbye to its clients. */
  async kill(): Promise<void> {
    await this.stopWith('SIGKILL');
  }

  async stop(): Promise<void> {
    await this.stopWith('SIGTERM');
  }

  async close(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** A fresh client for a look inside (the test closes it). */
  client(): Redis {
    return new Redis(this.url, { maxRetriesPerRequest: 0 });
  }

  private async stopWith(signal: NodeJS.Signals): Promise<void> {
    const child = this.process;
    if (!child) return;
    this.process = undefined;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  }
}
