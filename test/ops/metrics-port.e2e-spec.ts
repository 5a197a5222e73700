import { tryConnect } from '../support/scale';
import { cognitoEnv, startGateway, useStack } from '../support/harness';

/** /metrics lives on a listener of its own (METRICS_PORT), never on the public port. */
describe('metrics listener (METRICS_PORT)', () => {
  const stack = useStack();

  it('serves GET and HEAD /metrics in Prometheus text format, and nothing else', async () => {
    await stack.gateway.get('/health/live');
    const res = await stack.gateway.metrics();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(res.text).toMatch(
      /gateway_http_requests_total\{method="GET",route="\/health\/live",status="200"\} \d+/,
    );
    const url = new URL(stack.gateway.metricsUrl!);
    expect(url.hostname).toBe('127.0.0.1');
    expect(url.port).not.toBe(new URL(stack.gateway.baseUrl).port);

    const head = await fetch(url, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    for (const [method, path] of [
      ['GET', '/'],
      ['GET', '/health/live'],
      ['GET', '/docs-json'],
      ['POST', '/metrics'],
      ['GET', '/metrics/x'],
    ]) {
      const other = await fetch(new URL(path, url), { method });
      expect({ method, path, status: other.status, body: await other.json() }).toEqual({
        method,
        path,
        status: 404,
        body: { statusCode: 404, code: 'NOT_FOUND', message: expect.any(String) },
      });
    }
  });

  it('the public port answers /metrics 404, and the OpenAPI document does not list it', async () => {
    const res = await stack.gateway.get('/metrics');
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('NOT_FOUND');
    const document = (await stack.gateway.get('/docs-json')).body;
    expect(Object.keys(document.paths)).not.toContain('/metrics');
  });

  it('METRICS_PORT=off serves no metrics at all', async () => {
    const gateway = await startGateway({ ...cognitoEnv(stack.cognito), METRICS_PORT: 'off' });
    try {
      expect(gateway.metricsUrl).toBeUndefined();
      expect((await gateway.get('/metrics')).status).toBe(404);
    } finally {
      await gateway.close();
    }
  });

  it('closes with the app, even with a scraper’s keep-alive connection open', async () => {
    const gateway = await startGateway(cognitoEnv(stack.cognito));
    const port = Number(new URL(gateway.metricsUrl!).port);
    expect((await gateway.metrics()).status).toBe(200); // undici keeps this connection open
    const started = Date.now();
    await gateway.close();
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await tryConnect(port)).toBe('ECONNREFUSED');
  });
});
