import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { plainHttp } from './plain-http';

describe('plainHttp', () => {
  let server: Server;
  let url: string;
  let handle: (req: IncomingMessage, res: ServerResponse) => void;

  beforeAll(async () => {
    server = createServer((req, res) => handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/path?q=1`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('GETs the whole body and status', async () => {
    handle = (req, res) => res.writeHead(404).end(`${req.method} ${req.url}`);
    const response = await plainHttp(url, { timeoutMs: 1000, maxResponseBytes: 1000 });
    expect({ status: response.status, body: response.body.toString() }).toEqual({
      status: 404,
      body: 'GET /path?q=1',
    });
  });

  it('refuses an answer larger than the cap', async () => {
    handle = (_req, res) => res.end('x'.repeat(5000));
    await expect(plainHttp(url, { timeoutMs: 1000, maxResponseBytes: 1000 })).rejects.toThrow(
      'larger than 1000 bytes',
    );
  });

  it('gives up on a server that never answers once the timeout is over', async () => {
    handle = () => undefined;
    const started = Date.now();
    await expect(plainHttp(url, { timeoutMs: 200, maxResponseBytes: 1000 })).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('fails at once when nothing listens', async () => {
    await expect(
      plainHttp('http://127.0.0.1:1/', { timeoutMs: 1000, maxResponseBytes: 1000 }),
    ).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
