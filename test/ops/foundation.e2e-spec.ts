import { ADMIN_USERNAME, cognitoTokens, useStack } from '../support/harness';

describe('foundation: guard, session, docs, errors (real HTTP, local Cognito)', () => {
  const stack = useStack();

  it('GET /health/live answers without a token', async () => {
    const res = await stack.gateway.get('/health/live');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('GET /health/ready reports Cognito and its signing keys up', async () => {
    const res = await stack.gateway.get('/health/ready');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: 'ok',
      details: { cognito: { status: 'up' }, jwks: { status: 'up' } },
    });
  });

  it('GET /metrics serves Prometheus text with per-route request counts', async () => {
    await stack.gateway.get('/health/live');
    const res = await stack.gateway.metrics();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(res.text).toMatch(
      /gateway_http_requests_total\{method="GET",route="\/health\/live",status="200"\} \d+/,
    );
  });

  it('GET /auth/session returns the admin’s session from a Cognito access token', async () => {
    const { accessToken } = await cognitoTokens(stack.cognito);
    const res = await stack.gateway.get('/auth/session', { token: accessToken });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      username: ADMIN_USERNAME,
      groups: ['admin'],
      clientId: stack.cognito.clientId,
      scope: 'aws.cognito.signin.user.admin',
    });
    expect(res.body.sub).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(res.body.expiresAt) - Date.parse(res.body.issuedAt)).toBe(3600 * 1000);
  });

  it.each([
    ['no Authorization header', undefined, 'TOKEN_MISSING'],
    ['a Basic scheme', 'Basic YWRtaW46cGFzcw==', 'TOKEN_MISSING'],
    ['garbage', 'Bearer not-a-jwt', 'TOKEN_INVALID'],
    [
      'alg none',
      `Bearer ${b64({ alg: 'none' })}.${b64({ sub: 'x', token_use: 'access' })}.`,
      'TOKEN_INVALID',
    ],
  ])('GET /auth/session with %s is 401 %s', async (_what, authorization, code) => {
    const res = await stack.gateway.get('/auth/session', { headers: authorization ? { authorization } : {} });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ statusCode: 401, code, message: expect.any(String) });
  });

  it('refuses an id token, and an access token with an edited payload', async () => {
    const { accessToken, idToken } = await cognitoTokens(stack.cognito);
    expect((await stack.gateway.get('/auth/session', { token: idToken })).body.code).toBe('TOKEN_INVALID');
    const [header, payload, signature] = accessToken.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const edited = `${header}.${b64({ ...claims, 'cognito:groups': ['root'] })}.${signature}`;
    const res = await stack.gateway.get('/auth/session', { token: edited });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('TOKEN_INVALID');
  });

  it('an expired access token is 401 TOKEN_EXPIRED', async () => {
    stack.cognito.setClockOffset(-2 * 3600 * 1000);
    try {
      const { accessToken } = await cognitoTokens(stack.cognito);
      const res = await stack.gateway.get('/auth/session', { token: accessToken });
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('TOKEN_EXPIRED');
    } finally {
      stack.cognito.setClockOffset(0);
    }
  });

  it('an unknown route is a contract-shaped 404', async () => {
    const res = await stack.gateway.get('/no/such/route');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
  });

  it('serves Swagger UI at /docs and the OpenAPI document at /docs-json', async () => {
    const ui = await stack.gateway.get('/docs');
    expect(ui.status).toBe(200);
    expect(ui.headers.get('content-type')).toContain('text/html');
    expect(ui.text).toContain('swagger-ui');

    const doc = await stack.gateway.get('/docs-json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(doc.body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    const session = doc.body.paths['/auth/session'].get;
    expect(session).toMatchObject({ operationId: 'getSession', tags: ['auth'], security: [{ bearer: [] }] });
    expect(session.responses['401']).toBeDefined();
    expect(doc.body.paths['/health/live'].get).toMatchObject({ operationId: 'getLiveness', security: [] });
  });
});

function b64(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
