import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { AddressInfo, createServer, Server, Socket } from 'node:net';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createServer as createTlsServer } from 'node:tls';
import { LeanHttpClient, LeanHttpOptions } from './lean-http';

/**
 * The client against a raw TCP server that answers each request with whatever bytes a test asks for,
 * so every framing and failure can be produced exactly.
 */
describe('LeanHttpClient', () => {
  let server: Server;
  let url: URL;
  let connections: number;
  let requests: string[];
  let answer: (socket: Socket, request: string) => void;
  const sockets = new Set<Socket>();

  beforeAll(async () => {
    server = createServer((socket) => {
      connections++;
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      let pending = '';
      socket.on('data', (chunk: Buffer) => {
        pending += chunk.toString('latin1');
        // One request at a time: head, then Content-Length bytes of body.
        for (;;) {
          const headEnd = pending.indexOf('\r\n\r\n');
          if (headEnd < 0) return;
          const length = Number(/content-length: (\d+)/i.exec(pending.slice(0, headEnd))?.[1] ?? 0);
          if (pending.length < headEnd + 4 + length) return;
          const request = pending.slice(0, headEnd + 4 + length);
          pending = pending.slice(request.length);
          requests.push(request);
          answer(socket, request);
        }
      });
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    connections = 0;
    requests = [];
  });

  const options: LeanHttpOptions = {
    maxSockets: 8,
    idleTimeoutMs: 4000,
    maxResponseBytes: 1000,
    tooLarge: () => Object.assign(new Error('Response too large'), { name: 'InternalErrorException' }),
  };
  const timeout = () => Object.assign(new Error('no answer'), { name: 'TimeoutError' });
  const clients: LeanHttpClient[] = [];
  const client = (overrides: Partial<LeanHttpOptions> = {}, target = url) => {
    const made = new LeanHttpClient(target, { ...options, ...overrides });
    clients.push(made);
    return made;
  };
  afterEach(() => clients.splice(0).forEach((made) => made.close()));
  const post = (made: LeanHttpClient, body = '{"n":1}', timeoutMs = 2000) =>
    made.post({ 'X-Amz-Target': 'Test.Op' }, body, timeoutMs, timeout);
  const json = (body: string, extra = '') =>
    `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extra}\r\n${body}`;
  /** Writes `bytes` a few at a time, each piece in a TCP segment of its own. */
  const trickle = (socket: Socket, bytes: string, size = 3) => {
    const pieces: string[] = [];
    for (let i = 0; i < bytes.length; i += size) pieces.push(bytes.slice(i, i + size));
    const next = () => {
      const piece = pieces.shift();
      if (piece !== undefined && !socket.destroyed) socket.write(piece, () => setTimeout(next, 1));
    };
    next();
  };

  it('sends one well-formed request and reads a response cut into many pieces', async () => {
    answer = (socket) => trickle(socket, json('{"ok":"yes"}', 'X-Amzn-RequestId: r-1\r\n'));
    const made = client();
    const response = await post(made, '{"é":1}');
    expect(response.status).toBe(200);
    expect(response.headers['x-amzn-requestid']).toBe('r-1');
    expect(response.body.toString()).toBe('{"ok":"yes"}');
    expect(Buffer.from(requests[0], 'latin1').toString('utf8')).toBe(
      `POST / HTTP/1.1\r\nHost: ${url.host}\r\nX-Amz-Target: Test.Op\r\nContent-Length: 8\r\n\r\n{"é":1}`,
    );
  });

  it('keeps the socket for the next request, and opens another only when all are busy', async () => {
    answer = (socket) => socket.write(json('{}'));
    const made = client();
    for (let i = 0; i < 5; i++) await post(made);
    expect(connections).toBe(1);
    await Promise.all([post(made), post(made), post(made)]);
    expect(connections).toBe(3);
  });

  it('queues requests beyond maxSockets and answers them all', async () => {
    answer = (socket, request) => setTimeout(() => socket.write(json(request.split('\r\n\r\n')[1])), 5);
    const made = client({ maxSockets: 2 });
    const bodies = Array.from({ length: 9 }, (_, i) => `{"i":${i}}`);
    const responses = await Promise.all(bodies.map((body) => post(made, body)));
    expect(responses.map((response) => response.body.toString())).toEqual(bodies);
    expect(connections).toBe(2);
  });

  it('reads a chunked body, with chunk extensions and trailers', async () => {
    answer = (socket) =>
      trickle(
        socket,
        'HTTP/1.1 400 Bad Request\r\nTransfer-Encoding: chunked\r\n\r\n' +
          '5;ext=1\r\n{"__t\r\nb\r\nype":"Nope"\r\n1\r\n}\r\n0\r\nX-Trailer: 1\r\n\r\n',
        4,
      );
    const made = client();
    const response = await post(made);
    expect(response.status).toBe(400);
    expect(response.body.toString()).toBe('{"__type":"Nope"}');
    await post(made);
    expect(connections).toBe(1);
  });

  it('reads a body that ends when the server closes, then opens a new socket', async () => {
    answer = (socket) => socket.end('HTTP/1.1 200 OK\r\n\r\n{"until":"close"}');
    const made = client();
    expect((await post(made)).body.toString()).toBe('{"until":"close"}');
    expect((await post(made)).body.toString()).toBe('{"until":"close"}');
    expect(connections).toBe(2);
  });

  it('does not reuse a socket after Connection: close or an HTTP/1.0 answer', async () => {
    answer = (socket) => socket.write(json('{}', 'Connection: close\r\n'));
    const made = client();
    await post(made);
    await post(made);
    answer = (socket) => socket.write(json('{}').replace('HTTP/1.1', 'HTTP/1.0'));
    await post(made);
    await post(made);
    expect(connections).toBe(4);
  });

  it('skips an interim 100 Continue', async () => {
    answer = (socket) => socket.write(`HTTP/1.1 100 Continue\r\n\r\n${json('{"final":true}')}`);
    expect((await post(client())).body.toString()).toBe('{"final":true}');
  });

  it.each([
    ['the server closes mid-body', (socket: Socket) => socket.end(json('{"a":1}').slice(0, -3))],
    ['the server closes before answering', (socket: Socket) => socket.end()],
    ['the server resets the connection', (socket: Socket) => socket.resetAndDestroy()],
  ])('fails with ECONNRESET when %s, and recovers', async (_case, misbehave) => {
    answer = misbehave;
    const made = client();
    await expect(post(made)).rejects.toMatchObject({ code: 'ECONNRESET' });
    answer = (socket) => socket.write(json('{}'));
    expect((await post(made)).status).toBe(200);
  });

  it.each([
    ['a status line that is not HTTP', 'SSH-2.0-OpenSSH\r\n\r\n'],
    ['a header without a colon', 'HTTP/1.1 200 OK\r\nbroken\r\n\r\n'],
    ['a bad Content-Length', 'HTTP/1.1 200 OK\r\nContent-Length: 1e3\r\n\r\n'],
    ['a bad chunk size', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'],
  ])('rejects %s, and recovers', async (_case, bytes) => {
    answer = (socket) => socket.write(bytes);
    const made = client();
    await expect(post(made)).rejects.toThrow(/Malformed/);
    answer = (socket) => socket.write(json('{}'));
    expect((await post(made)).status).toBe(200);
  });

  it('refuses a body larger than maxResponseBytes, whatever its framing', async () => {
    const big = `"${'x'.repeat(2000)}"`;
    const made = client();
    answer = (socket) => socket.write(json(big));
    await expect(post(made)).rejects.toThrow('Response too large');
    answer = (socket) =>
      socket.write(
        `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n${big.length.toString(16)}\r\n${big}\r\n0\r\n\r\n`,
      );
    await expect(post(made)).rejects.toThrow('Response too large');
    answer = (socket) => socket.write(`HTTP/1.1 200 OK\r\n\r\n${'x'.repeat(200_000)}`);
    await expect(post(made)).rejects.toThrow('Response too large');
  });

  it('gives up at the deadline, closes that socket, and still serves the next request', async () => {
    answer = () => undefined;
    const made = client();
    const started = Date.now();
    await expect(post(made, '{}', 150)).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(Date.now() - started).toBeLessThan(1000);
    answer = (socket) => socket.write(json('{}'));
    expect((await post(made)).status).toBe(200);
    expect(connections).toBe(2);
  });

  it('counts the wait for a free socket against the deadline', async () => {
    answer = () => undefined;
    const made = client({ maxSockets: 1 });
    const first = post(made, '{}', 300);
    await expect(post(made, '{}', 100)).rejects.toMatchObject({ name: 'TimeoutError' });
    await expect(first).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(requests).toHaveLength(1);
  });

  it('fails at once when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(post(client({}, new URL(`http://127.0.0.1:${port}/`)))).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
  });

  it('closes idle sockets after idleTimeoutMs', async () => {
    answer = (socket) => socket.write(json('{}'));
    const made = client({ idleTimeoutMs: 50 });
    await post(made);
    expect(sockets.size).toBe(1);
    await sleep(300);
    expect(sockets.size).toBe(0);
    await post(made);
    expect(connections).toBe(2);
  });

  it('never hands out a socket its idle timeout just destroyed, before that socket has closed', async () => {
    answer = (socket) => socket.write(json('{}'));
    const made = client();
    await post(made);
    // The idle timeout fires in the loop's timer phase; the socket's 'close' event, which takes it out
    // of the pool, only at the end of that turn. A request taken up in between must get a new socket.
    const [idle] = (made as unknown as { idle: { socket: Socket }[] }).idle;
    idle.socket.emit('timeout');
    expect((await post(made)).status).toBe(200);
    expect(connections).toBe(2);
  });

  it('ignores bytes the server sends unasked, and does not reuse that socket', async () => {
    answer = (socket) => {
      socket.write(json('{}'));
      setTimeout(() => socket.write('garbage'), 20);
    };
    const made = client();
    await post(made);
    await sleep(60);
    await post(made);
    expect(connections).toBe(2);
  });

  it('after close(), ends its sockets and refuses new requests', async () => {
    answer = (socket) => socket.write(json('{}'));
    const made = client();
    await post(made);
    made.close();
    await sleep(50);
    expect(sockets.size).toBe(0);
    await expect(post(made)).rejects.toThrow('closed');
  });
});

describe('LeanHttpClient over TLS', () => {
  const fixtures = path.join(__dirname, '../../test/fixtures/tls');

  /** Runs the client in a fresh Node process, which trusts the test certificate only if told to. */
  const postFrom = (endpoint: string, trust: boolean) =>
    new Promise<string>((resolve) => {
      const script = `
        const { LeanHttpClient } = require(${JSON.stringify(path.join(__dirname, 'lean-http.ts'))});
        const client = new LeanHttpClient(new URL(process.argv[1]), {
          maxSockets: 1, idleTimeoutMs: 1000, maxResponseBytes: 1000, tooLarge: () => new Error('too large'),
        });
        const post = () => client.post({}, '{}', 3000, () => new Error('timeout'));
        post().then(post).then(
          (r) => { console.log(r.status + ' ' + r.body.toString()); client.close(); },
          (e) => { console.log('error ' + (e.code || e.message)); client.close(); },
        );`;
      execFile(
        process.execPath,
        ['-r', 'ts-node/register/transpile-only', '-e', script, endpoint],
        { env: { ...process.env, NODE_EXTRA_CA_CERTS: trust ? path.join(fixtures, 'cert.pem') : '' } },
        (_error, stdout) => resolve(stdout.trim()),
      );
    });

  let server: ReturnType<typeof createTlsServer>;
  let port: number;
  let handshakes = 0;
  beforeAll(async () => {
    server = createTlsServer(
      {
        key: readFileSync(path.join(fixtures, 'key.pem')),
        cert: readFileSync(path.join(fixtures, 'cert.pem')),
        ALPNProtocols: ['http/1.1'],
      },
      (socket) => {
        handshakes++;
        socket.on('data', () => socket.write('HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n{"tls":1}'));
        socket.on('error', () => undefined);
      },
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('speaks HTTPS to a server it trusts, by name or address, over one connection', async () => {
    handshakes = 0;
    expect(await postFrom(`https://localhost:${port}/`, true)).toBe('200 {"tls":1}');
    expect(await postFrom(`https://127.0.0.1:${port}/`, true)).toBe('200 {"tls":1}');
    expect(handshakes).toBe(2);
  }, 30_000);

  it('refuses a server whose certificate it cannot verify', async () => {
    expect(await postFrom(`https://localhost:${port}/`, false)).toMatch(
      /^error (DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)$/,
    );
  }, 30_000);
});
