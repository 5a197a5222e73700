/**
 * An open-loop load at a fixed rate, for the bench's latency measure. autocannon's `overallRate` is not
 * one: each connection sends back to back until it has made its share of the second, then waits for the
 * next second, so its "fixed rate" is bursts at saturation; and it corrects for coordinated omission with
 * an expected interval of ceil(1 / rate) = 1 ms whatever the rate (autocannon 9, lib/run.js).
 *
 * Here a request falls due every 1/rate s whether or not earlier ones were answered, and is sent on one of
 * a pool of keep-alive sockets. Its latency runs from the moment the load found it due: a request that
 * had to wait for a free socket, because the server was stalled, counts that wait in full. The
 * generator's own timer lateness (1 ms ticks) is not counted against the server.
 */
import { connect, Socket } from 'node:net';

export interface FixedRateResult {
  /** Every request's latency, ms, sorted. */
  latenciesMs: number[];
  /** Responses other than 200. */
  errors: number;
  /** Their statuses. */
  failedStatuses: number[];
}

interface Connection {
  socket: Socket;
  dueAt: number;
  received: Buffer;
}

const HEAD_END = Buffer.from('\r\n\r\n');

/** The length of the first complete response in `data` and its status, or undefined while incomplete. */
function completeResponse(data: Buffer): { length: number; status: number } | undefined {
  const headEnd = data.indexOf(HEAD_END);
  if (headEnd < 0) return undefined;
  const head = data.subarray(0, headEnd).toString('latin1');
  const contentLength = /\r\ncontent-length: *(\d+)/i.exec(head);
  if (!contentLength) throw new Error(`response without content-length: ${head.split('\r\n')[0]}`);
  const length = headEnd + HEAD_END.length + Number(contentLength[1]);
  if (data.length < length) return undefined;
  return { length, status: Number(head.slice(9, 12)) };
}

export class FixedRateLoad {
  private readonly request: Buffer;
  private readonly connections: Connection[] = [];
  private readonly idle: Connection[] = [];
  private readonly waiting: number[] = [];
  private onResponse: (connection: Connection, status: number) => void = () => undefined;

  constructor(
    private readonly url: URL,
    headers: Record<string, string>,
  ) {
    const lines = Object.entries({ host: url.host, ...headers }).map(
      ([name, value]) => `${name}: ${value}\r\n`,
    );
    this.request = Buffer.from(`GET ${url.pathname} HTTP/1.1\r\n${lines.join('')}\r\n`, 'latin1');
  }

  /** Opens `size` keep-alive sockets and sends one request on each, so no measure pays for connecting. */
  async open(size: number): Promise<void> {
    await Promise.all(
      Array.from({ length: size }, async () => {
        const connection: Connection = {
          socket: connect(Number(this.url.port), this.url.hostname),
          dueAt: 0,
          received: Buffer.alloc(0),
        };
        connection.socket.setNoDelay(true);
        connection.socket.on('data', (chunk: Buffer) => this.receive(connection, chunk));
        this.connections.push(connection);
        await new Promise<void>((resolve, reject) => {
          connection.socket.once('connect', resolve).once('error', reject);
        });
        this.idle.push(connection);
      }),
    );
    await this.run(size * 1000, 0.001);
  }

  /** `rate` requests a second for `seconds`. */
  run(rate: number, seconds: number): Promise<FixedRateResult> {
    const total = Math.max(1, Math.round(rate * seconds));
    const latenciesMs: number[] = [];
    const failedStatuses: number[] = [];
    let released = 0;
    return new Promise((resolve, reject) => {
      this.onResponse = (connection, status) => {
        latenciesMs.push(performance.now() - connection.dueAt);
        if (status !== 200) failedStatuses.push(status);
        this.idle.push(connection);
        this.dispatch();
        if (latenciesMs.length === total)
          resolve({
            latenciesMs: latenciesMs.sort((a, b) => a - b),
            errors: failedStatuses.length,
            failedStatuses,
          });
      };
      for (const { socket } of this.connections) socket.removeAllListeners('error').once('error', reject);
      const start = performance.now();
      const tick = (): void => {
        const now = performance.now();
        // Every request due by now, stamped now: a late tick is the generator's delay, not the server's.
        while (released < total && start + (released * 1000) / rate <= now) {
          this.waiting.push(now);
          released++;
        }
        this.dispatch();
        if (released < total) setTimeout(tick, 1);
      };
      tick();
    });
  }

  close(): void {
    for (const { socket } of this.connections) socket.destroy();
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.waiting.length > 0) {
      // In turn (first idle, first used), so that every socket stays in use: one left idle for long may be
      // closed by the server's keep-alive timeout.
      const connection = this.idle.shift()!;
      connection.dueAt = this.waiting.shift()!;
      connection.socket.write(this.request);
    }
  }

  private receive(connection: Connection, chunk: Buffer): void {
    connection.received = connection.received.length ? Buffer.concat([connection.received, chunk]) : chunk;
    const response = completeResponse(connection.received);
    if (!response) return;
    connection.received = connection.received.subarray(response.length);
    this.onResponse(connection, response.status);
  }
}

/** The p-th percentile (0..1) of sorted values. */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}
