import { connect, Socket } from 'node:net';
import { useStack } from '../support/harness';

/** Opens a socket to the gateway that sends `head`, then one byte of body at every tick. */
function slowClient(baseUrl: string, head: string, tickMs: number) {
  const { port, hostname } = new URL(baseUrl);
  const socket: Socket = connect(Number(port), hostname);
  let answer = '';
  socket.on('data', (chunk) => (answer += chunk.toString()));
  socket.on('error', () => undefined);
  socket.write(head);
  const drip = setInterval(() => socket.writable && socket.write('a'), tickMs);
  const closed = new Promise<number>((resolve) => {
    const opened = Date.now();
    socket.on('close', () => {
      clearInterval(drip);
      resolve(Date.now() - opened);
    });
  });
  return { closed, answer: () => answer, destroy: () => socket.destroy() };
}

describe('slow requests are cut off (REQUEST_TIMEOUT_MS, HEADERS_TIMEOUT_MS)', () => {
  const stack = useStack({ env: { REQUEST_TIMEOUT_MS: '2000', HEADERS_TIMEOUT_MS: '1000' } });

  it('a body sent one byte every 300 ms is cut off after the request timeout, with the contract body', async () => {
    const client = slowClient(
      stack.gateway.baseUrl,
      'POST /auth/sign-in HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n',
      300,
    );
    const lasted = await Promise.race([
      client.closed,
      new Promise<number>((r) => setTimeout(() => r(-1), 8000)),
    ]);
    client.destroy();
    expect(lasted).toBeGreaterThan(1500);
    expect(lasted).toBeLessThan(5000);
    expect(client.answer()).toMatch(/^HTTP\/1\.1 400 /);
    expect(client.answer()).toContain('"code":"MALFORMED_REQUEST"');
  });

  it('headers sent one byte every 300 ms are cut off after the headers timeout', async () => {
    const client = slowClient(stack.gateway.baseUrl, 'GET /health/live HTTP/1.1\r\nX-Slow: ', 300);
    const lasted = await Promise.race([
      client.closed,
      new Promise<number>((r) => setTimeout(() => r(-1), 8000)),
    ]);
    client.destroy();
    expect(lasted).toBeGreaterThan(500);
    expect(lasted).toBeLessThan(4000);
  });

  it('a normal request on the same gateway is unaffected', async () => {
    expect((await stack.gateway.get('/health/live')).status).toBe(200);
  });
});
