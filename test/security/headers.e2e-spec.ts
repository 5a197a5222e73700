import { cognitoEnv, Gateway, HttpResult, startGateway, useStack } from '../support/harness';

const APP = 'https://app.example';

function preflight(gateway: Gateway, origin: string, method = 'GET', path = '/auth/session') {
  return gateway.request('OPTIONS', path, {
    headers: {
      origin,
      'access-control-request-method': method,
      'access-control-request-headers': 'authorization,x-id-token',
    },
  });
}

const corsHeaders = (res: HttpResult) =>
  [...res.headers.keys()].filter((name) => name.startsWith('access-control-'));

describe('security headers and CORS', () => {
  const stack = useStack();

  it.each([
    ['a public 200', 'GET', '/health/live', 200],
    ['a guard 401', 'GET', '/auth/session', 401],
    ['a validation 400', 'POST', '/auth/sign-in', 400],
    ['an unknown route 404', 'GET', '/nowhere', 404],
  ])('helmet’s headers on %s, and nothing that names the stack', async (_what, method, path, status) => {
    const res = await stack.gateway.request(method, path, method === 'POST' ? { body: {} } : {});
    expect(res.status).toBe(status);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(Object.fromEntries(res.headers)).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'strict-transport-security': expect.stringMatching(/max-age=\d+/),
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-resource-policy': 'same-origin',
      'x-dns-prefetch-control': 'off',
      'x-permitted-cross-domain-policies': 'none',
    });
    expect(res.headers.get('x-powered-by')).toBeNull();
    expect(res.headers.get('server')).toBeNull();
  });

  it('no CORS_ORIGINS: no Access-Control-Allow-Origin for any origin, simple request or preflight', async () => {
    const simple = await stack.gateway.get('/health/live', { headers: { origin: APP } });
    expect(simple.status).toBe(200);
    expect(corsHeaders(simple)).toEqual([]);
    const pre = await preflight(stack.gateway, APP);
    expect(pre.status).toBeLessThan(500);
    expect(pre.headers.get('access-control-allow-origin')).toBeNull();
    expect(pre.headers.get('access-control-allow-headers')).toBeNull();
  });

  describe(`CORS_ORIGINS=${APP}`, () => {
    let cors: Gateway;

    beforeAll(async () => {
      cors = await startGateway({ ...cognitoEnv(stack.cognito), CORS_ORIGINS: APP });
    });
    afterAll(() => cors.close());

    it('a preflight from that origin for Authorization and X-Id-Token is allowed', async () => {
      const res = await preflight(cors, APP, 'POST', '/auth/sign-out');
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe(APP);
      expect(res.headers.get('access-control-allow-methods')).toContain('POST');
      expect(res.headers.get('access-control-allow-headers')?.toLowerCase().split(/,\s*/)).toEqual(
        expect.arrayContaining(['authorization', 'x-id-token', 'content-type']),
      );
      expect(res.headers.get('access-control-allow-credentials')).toBeNull();
      expect(res.headers.get('vary')?.toLowerCase()).toContain('origin');
    });

    it('answers from that origin carry the origin, and Retry-After is readable by the app', async () => {
      const res = await cors.get('/auth/session', { headers: { origin: APP } });
      expect(res.status).toBe(401);
      expect(res.headers.get('access-control-allow-origin')).toBe(APP);
      expect(res.headers.get('access-control-expose-headers')?.toLowerCase()).toContain('retry-after');
    });

    it.each(['https://evil.example', 'https://app.example.evil.example', 'http://app.example', 'null'])(
      'nothing for %s',
      async (origin) => {
        const pre = await preflight(cors, origin);
        expect(pre.status).toBeLessThan(500);
        expect(pre.headers.get('access-control-allow-origin')).toBeNull();
        const simple = await cors.get('/health/live', { headers: { origin } });
        expect(simple.headers.get('access-control-allow-origin')).toBeNull();
      },
    );
  });
});
