import { isIP, connect as netConnect, Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

/** A response: status, headers with lower-case names, and the whole body. */
export interface LeanResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export interface LeanHttpOptions {
  /** Sockets open at once; further requests wait for one to come free. */
  maxSockets: number;
  /** An idle socket is closed after this long, before a server's usual keep-alive timeout (5 s). */
  idleTimeoutMs: number;
  /** A response whose body would be larger fails with `tooLarge()`. */
  maxResponseBytes: number;
  tooLarge: () => Error;
}

const MAX_HEAD_BYTES = 64 * 1024;
const CRLF = Buffer.from('\r\n');

/**
 * HTTP/1.1 POST over keep-alive sockets, for Cognito's JSON API: one request per socket at a time, each
 * written with one write, its response read by a parser of its own. Node's http client costs ~0.6 ms of
 * CPU per exchange on the machine of the 2026-12-02 benchmark, this ~0.13 ms, and a sign-in makes one
 * or two of them. It reads every framing HTTP/1.1 allows (Content-Length, chunked, until close) and
 * answers `Connection: close`; a socket is reused only after a response it read in full.
 */
export class LeanHttpClient {
  private readonly idle: Connection[] = [];
  private readonly waiting: (() => void)[] = [];
  private open = 0;
  private closed = false;
  private tlsSession?: Buffer;
  private readonly head: string;

  constructor(
    private readonly url: URL,
    private readonly options: LeanHttpOptions,
  ) {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new Error(`Unsupported protocol ${url.protocol}`);
    }
    this.head = `POST ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\n`;
  }

  /**
   * POSTs `body` with `headers` (Content-Length is added). Fails with `timeoutError()` if the whole
   * exchange, waiting for a socket included, takes longer than `timeoutMs`.
   */
  post(
    headers: Record<string, string>,
    body: string,
    timeoutMs: number,
    timeoutError: () => Error,
  ): Promise<LeanResponse> {
    if (this.closed) return Promise.reject(new Error('The HTTP client is closed'));
    let request = this.head;
    for (const [name, value] of Object.entries(headers)) request += `${name}: ${value}\r\n`;
    request += `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    return new Promise<LeanResponse>((resolve, reject) => {
      let connection: Connection | undefined;
      let settled = false;
      const finish = (error: Error | undefined, response?: LeanResponse) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        if (error) reject(error);
        else resolve(response as LeanResponse);
      };
      const deadline = setTimeout(() => {
        const queued = this.waiting.indexOf(start);
        if (queued >= 0) this.waiting.splice(queued, 1);
        connection?.destroy();
        finish(timeoutError());
      }, timeoutMs);
      const start = () => {
        try {
          connection = this.take();
        } catch (error) {
          // Also when started from the queue, by another request's socket: this one fails, not the process.
          return finish(error as Error);
        }
        connection.send(request, (error, response) => {
          this.release(connection as Connection);
          finish(error, response);
        });
      };
      if (this.idle.length > 0 || this.open < this.options.maxSockets) start();
      else this.waiting.push(start);
    });
  }

  /** Closes the idle sockets; requests under way finish, and their sockets close after them. */
  close(): void {
    this.closed = true;
    for (const connection of this.idle.splice(0)) connection.destroy();
  }

  private take(): Connection {
    for (let connection = this.idle.pop(); connection; connection = this.idle.pop()) {
      if (connection.usable) {
        connection.stopIdling();
        return connection;
      }
    }
    const socket = this.connect();
    this.open++;
    const connection: Connection = new Connection(socket, this.options, () => {
      this.open--;
      const index = this.idle.indexOf(connection);
      if (index >= 0) this.idle.splice(index, 1);
      this.waiting.shift()?.();
    });
    return connection;
  }

  private release(connection: Connection): void {
    if (!connection.usable) return;
    const next = this.waiting.shift();
    if (next) {
      this.idle.push(connection);
      next();
    } else if (this.closed) {
      connection.destroy();
    } else {
      connection.startIdling();
      this.idle.push(connection);
    }
  }

  private connect(): Socket {
    const port = Number(this.url.port) || (this.url.protocol === 'https:' ? 443 : 80);
    const host = this.url.hostname.replace(/^\[(.*)\]$/, '$1');
    if (this.url.protocol === 'http:') return netConnect({ host, port, noDelay: true });
    const socket = tlsConnect({
      host,
      port,
      // SNI takes host names only (RFC 6066).
      servername: isIP(host) ? undefined : host,
      ALPNProtocols: ['http/1.1'],
      session: this.tlsSession,
    });
    socket.setNoDelay(true);
    socket.on('session', (session: Buffer) => (this.tlsSession = session));
    return socket;
  }
}

type Done = (error: Error | undefined, response?: LeanResponse) => void;

/** One socket and the response being read on it. */
class Connection {
  private reusable = true;
  private done?: Done;
  private chunks: Buffer[] = [];
  private size = 0;
  private response?: { status: number; headers: Record<string, string>; bodyStart: number };

  constructor(
    private readonly socket: Socket,
    private readonly options: LeanHttpOptions,
    onClose: () => void,
  ) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('end', () => this.onEnd());
    socket.on('error', (error) => this.fail(error));
    socket.on('timeout', () => this.destroy());
    socket.on('close', () => {
      this.reusable = false;
      this.fail(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
      onClose();
    });
  }

  /**
   * False once the socket is closing or a response was not read to its end. A destroyed socket says so
   * at once; its 'close' event, which takes it out of the pool, comes only at the end of the loop's turn,
   * after requests that arrived in the same turn could have picked it.
   */
  get usable(): boolean {
    return this.reusable && !this.socket.destroyed;
  }

  send(request: string, done: Done): void {
    this.done = done;
    this.socket.write(request);
  }

  startIdling(): void {
    this.socket.setTimeout(this.options.idleTimeoutMs);
  }

  stopIdling(): void {
    this.socket.setTimeout(0);
  }

  destroy(): void {
    this.reusable = false;
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    if (!this.done) {
      // Bytes nobody asked for: the socket's framing can no longer be trusted.
      this.destroy();
      return;
    }
    this.chunks.push(chunk);
    this.size += chunk.length;
    // Room for the head and a chunked body's framing; the body itself is checked once read.
    if (this.size > this.options.maxResponseBytes + 2 * MAX_HEAD_BYTES)
      return this.fail(this.options.tooLarge());
    this.parse(false);
  }

  private onEnd(): void {
    if (this.done) this.parse(true);
    this.reusable = false;
  }

  /** Reads as far as the bytes so far allow; `ended`: the server closed its side. */
  private parse(ended: boolean): void {
    const data = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks);
    this.chunks = [data];
    if (!this.response) {
      const head = readHead(data);
      if (head === 'incomplete') {
        if (data.length > MAX_HEAD_BYTES) this.fail(new Error('Response head too large'));
        else if (ended) this.fail(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
        return;
      }
      if (head instanceof Error) return this.fail(head);
      if (head.status >= 100 && head.status < 200) {
        // An interim response (100 Continue): the real one follows.
        this.chunks = [data.subarray(head.bodyStart)];
        this.size = this.chunks[0].length;
        return this.parse(ended);
      }
      this.response = head;
    }
    const { status, headers, bodyStart } = this.response;
    const body = readBody(data, bodyStart, headers, status, ended);
    if (body === 'incomplete') {
      if (ended) this.fail(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
      return;
    }
    if (body instanceof Error) return this.fail(body);
    if (body.body.length > this.options.maxResponseBytes) return this.fail(this.options.tooLarge());
    const reusable =
      !ended && body.end === data.length && !/(^|,)\s*close\s*($|,)/i.test(headers.connection ?? '');
    const done = this.done as Done;
    this.reset();
    if (!reusable) this.destroy();
    done(undefined, { status, headers, body: body.body });
  }

  private fail(error: Error): void {
    const done = this.done;
    this.reset();
    this.destroy();
    done?.(error);
  }

  private reset(): void {
    this.done = undefined;
    this.chunks = [];
    this.size = 0;
    this.response = undefined;
  }
}

/** The status line and headers, once they are all there. */
function readHead(
  data: Buffer,
): 'incomplete' | Error | { status: number; headers: Record<string, string>; bodyStart: number } {
  const end = data.indexOf('\r\n\r\n');
  if (end < 0) return 'incomplete';
  const lines = data.toString('latin1', 0, end).split('\r\n');
  const statusLine = /^HTTP\/1\.[01] (\d{3})(?: |$)/.exec(lines[0]);
  if (!statusLine) return new Error('Malformed HTTP response');
  const headers: Record<string, string> = {};
  for (let i = 1; i < lines.length; i++) {
    const colon = lines[i].indexOf(':');
    if (colon <= 0) return new Error('Malformed HTTP response header');
    const name = lines[i].slice(0, colon).trim().toLowerCase();
    const value = lines[i].slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  if (lines[0].startsWith('HTTP/1.0') && !/keep-alive/i.test(headers.connection ?? '')) {
    headers.connection = 'close';
  }
  return { status: Number(statusLine[1]), headers, bodyStart: end + 4 };
}

/** The body, by the framing the headers name; `end`: where the response ends in `data`. */
function readBody(
  data: Buffer,
  start: number,
  headers: Record<string, string>,
  status: number,
  ended: boolean,
): 'incomplete' | Error | { body: Buffer; end: number } {
  if (status === 204 || status === 304) return { body: Buffer.alloc(0), end: start };
  if (/chunked/i.test(headers['transfer-encoding'] ?? '')) return readChunked(data, start);
  if (headers['content-length'] !== undefined) {
    if (!/^\d+$/.test(headers['content-length'])) return new Error('Malformed Content-Length');
    const end = start + Number(headers['content-length']);
    return data.length < end ? 'incomplete' : { body: data.subarray(start, end), end };
  }
  // No framing: the body runs until the server closes the connection.
  return ended ? { body: data.subarray(start), end: data.length } : 'incomplete';
}

function readChunked(data: Buffer, start: number): 'incomplete' | Error | { body: Buffer; end: number } {
  const parts: Buffer[] = [];
  let at = start;
  for (;;) {
    const lineEnd = data.indexOf(CRLF, at);
    if (lineEnd < 0) return 'incomplete';
    const size = /^([0-9a-f]+)\s*(;|$)/i.exec(data.toString('latin1', at, lineEnd));
    if (!size) return new Error('Malformed chunk');
    const length = parseInt(size[1], 16);
    at = lineEnd + 2;
    if (length === 0) {
      // Trailers, if any, end with an empty line.
      for (;;) {
        const trailerEnd = data.indexOf(CRLF, at);
        if (trailerEnd < 0) return 'incomplete';
        if (trailerEnd === at) return { body: Buffer.concat(parts), end: at + 2 };
        at = trailerEnd + 2;
      }
    }
    if (data.length < at + length + 2) return 'incomplete';
    parts.push(data.subarray(at, at + length));
    at += length + 2;
  }
}
