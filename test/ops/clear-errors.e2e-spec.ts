import { connect } from 'node:net';
import { signedInUser } from '../support/auth-helpers';
import { useStack } from '../support/harness';

/** What a raw socket gets back for bytes that are not HTTP. */
function rawAnswer(baseUrl: string, bytes: string): Promise<string> {
  const { port, hostname } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(bytes));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

/** The mistakes of a newcomer's first hour, each answered with what to do instead. */
describe('clear errors for the usual first mistakes', () => {
  const stack = useStack();

  it.each([
    ['no Content-Type', ''],
    ['text/plain', 'text/plain'],
    ['a form', 'application/x-www-form-urlencoded'],
  ])('a JSON body sent as %s is 415 UNSUPPORTED_MEDIA_TYPE, naming the header', async (_what, type) => {
    const res = await stack.gateway.post('/auth/sign-in', {
      rawBody: '{"username":"bob","password":"x"}',
      headers: { 'content-type': type },
    });
    expect(res.status).toBe(415);
    expect(res.body).toEqual({
      statusCode: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
      message: expect.stringContaining('Content-Type: application/json'),
    });
  });

  it('JSON that does not parse is 400 MALFORMED_REQUEST', async () => {
    const res = await stack.gateway.post('/auth/sign-in', { rawBody: '{"username":' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('MALFORMED_REQUEST');
  });

  it('bytes that are not HTTP get 400 MALFORMED_REQUEST, never a parser code', async () => {
    const answer = await rawAnswer(stack.gateway.baseUrl, 'HELLO /\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toContain('"code":"MALFORMED_REQUEST"');
    expect(answer).not.toContain('HPE_');
  });

  it('headers over 96 KB get 431 HEADERS_TOO_LARGE', async () => {
    const res = await stack.gateway.get('/health/live', { headers: { 'x-padding': 'a'.repeat(100 * 1024) } });
    expect(res.status).toBe(431);
    expect(res.body).toEqual({ statusCode: 431, code: 'HEADERS_TOO_LARGE', message: expect.any(String) });
  });

  it('a create-user body without email says that email is required', async () => {
    const res = await stack.gateway.post('/admin/users', {
      token: stack.adminToken,
      body: { username: 'no-email' },
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: 'email is required',
      details: [{ field: 'email', message: 'email is required' }],
    });
  });

  it('an id token as the bearer says so, and so does an access token as X-Id-Token', async () => {
    const { tokens } = await signedInUser(stack.gateway, stack.cognito, 'mixup');
    const swapped = await stack.gateway.get('/auth/session', { token: tokens.idToken });
    expect(swapped.status).toBe(401);
    expect(swapped.body.code).toBe('TOKEN_INVALID');
    expect(swapped.body.message).toMatch(/id token was sent where the access token is needed/);
    const asIdToken = await stack.gateway.post('/auth/sign-out', {
      token: tokens.accessToken,
      headers: { 'x-id-token': tokens.accessToken },
    });
    expect(asIdToken.status).toBe(401);
    expect(asIdToken.body.message).toMatch(/access token was sent as X-Id-Token/);
  });

  it('an admin route, as a non-member, names the group it requires', async () => {
    const { tokens } = await signedInUser(stack.gateway, stack.cognito, 'member');
    const res = await stack.gateway.get('/admin/users', { token: tokens.accessToken });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({
      statusCode: 403,
      code: 'FORBIDDEN',
      message: 'This route requires membership of the group "admin"',
    });
  });
});
