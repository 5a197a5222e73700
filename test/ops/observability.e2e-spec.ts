import { createUser, PASSWORD, TEMP_PASSWORD, uniqueUsername } from '../support/auth-helpers';
import { useStack } from '../support/harness';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Prometheus text format → samples (enough of it for these assertions). */
function samples(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const match = /^(\w+)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`unexpected metrics line: ${line}`);
      const labels: Record<string, string> = {};
      for (const [, key, value] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g))
        labels[key] = value;
      return { name: match[1], labels, value: Number(match[3]) };
    });
}

describe('operations: request ids and metrics (real HTTP, local Cognito)', () => {
  const stack = useStack({ env: { AUTH_FLOW: 'USER_PASSWORD_AUTH' } });

  describe('X-Request-Id', () => {
    it('echoes an acceptable incoming id', async () => {
      const res = await stack.gateway.get('/health/live', { headers: { 'x-request-id': 'trace-42.A_b' } });
      expect(res.headers.get('x-request-id')).toBe('trace-42.A_b');
    });

    it.each([
      ['absent', undefined],
      ['too long', 'a'.repeat(129)],
      ['with spaces', 'two words'],
      ['with quotes', 'x"y'],
    ])('generates a UUID when the incoming id is %s', async (_case, id) => {
      const res = await stack.gateway.get('/health/live', { headers: id ? { 'x-request-id': id } : {} });
      expect(res.headers.get('x-request-id')).toMatch(UUID);
    });

    it('is on error answers too, different for every request', async () => {
      const answers = await Promise.all([
        stack.gateway.get('/no-such-route'),
        stack.gateway.post('/auth/sign-in', { body: { username: 'x' } }),
        stack.gateway.get('/auth/session', { token: 'not-a-jwt' }),
        stack.gateway.post('/auth/sign-in', { rawBody: `{"username":"${'x'.repeat(1024 * 1024)}"}` }),
        stack.gateway.post('/auth/sign-in', { rawBody: '{', headers: { 'x-request-id': 'client-given' } }),
      ]);
      expect(answers.map((res) => res.status)).toEqual([404, 400, 401, 413, 400]);
      const ids = answers.map((res) => res.headers.get('x-request-id'));
      expect(ids.slice(0, 4)).toEqual(Array(4).fill(expect.stringMatching(UUID)));
      expect(ids[4]).toBe('client-given');
      expect(new Set(ids).size).toBe(ids.length);
    });

    it('is readable by browsers on other origins (CORS exposes it)', async () => {
      const res = await stack.gateway.request('OPTIONS', '/auth/session', {
        headers: { origin: 'http://app.example', 'access-control-request-method': 'GET' },
      });
      // No CORS_ORIGINS in the harness: the preflight is refused, but the header is still answered.
      expect(res.headers.get('x-request-id')).toMatch(UUID);
    });
  });

  describe('/metrics', () => {
    /** A metric's current value (0 when not yet reported). */
    async function reader(): Promise<(name: string, labels: Record<string, string>) => number> {
      const res = await stack.gateway.metrics();
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/plain');
      const all = samples(res.text);
      return (name, labels) =>
        all.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
          ?.value ?? 0;
    }

    it('counts sign-in outcomes, token rejections and Cognito calls with their labels', async () => {
      const before = await reader();
      const confirmed = uniqueUsername('metrics');
      await createUser(stack.cognito, confirmed, { permanentPassword: PASSWORD });
      const firstAccess = uniqueUsername('metrics');
      await createUser(stack.cognito, firstAccess);

      expect(
        (await stack.gateway.post('/auth/sign-in', { body: { username: confirmed, password: PASSWORD } }))
          .status,
      ).toBe(200);
      expect(
        (
          await stack.gateway.post('/auth/sign-in', {
            body: { username: confirmed, password: 'Wr0ng#Passw0rd' },
          })
        ).status,
      ).toBe(401);
      const challenge = await stack.gateway.post('/auth/sign-in', {
        body: { username: firstAccess, password: TEMP_PASSWORD },
      });
      expect(challenge.body.status).toBe('CHALLENGE');
      expect((await stack.gateway.get('/auth/session', { token: 'not-a-jwt' })).status).toBe(401);
      expect((await stack.gateway.get('/auth/session')).status).toBe(401);
      // Through identity-js: a code request, then a wrong code.
      expect(
        (await stack.gateway.post('/auth/forgot-password', { body: { username: confirmed } })).status,
      ).toBe(202);
      const wrongCode = stack.cognito.lastCode(confirmed) === '000000' ? '111111' : '000000';
      const confirm = await stack.gateway.post('/auth/forgot-password/confirm', {
        body: { username: confirmed, code: wrongCode, newPassword: 'N3w#Passw0rd' },
      });
      expect(confirm.body.code).toBe('CODE_MISMATCH');

      const after = await reader();
      const value = (name: string, labels: Record<string, string>) =>
        after(name, labels) - before(name, labels);

      const signIns = 'gateway_sign_in_outcomes_total';
      expect(value(signIns, { step: 'password', outcome: 'authenticated' })).toBe(1);
      expect(value(signIns, { step: 'password', outcome: 'failed', code: 'INVALID_CREDENTIALS' })).toBe(1);
      expect(value(signIns, { step: 'password', outcome: 'challenge', code: 'NEW_PASSWORD_REQUIRED' })).toBe(
        1,
      );

      expect(value('gateway_token_rejections_total', { code: 'TOKEN_INVALID' })).toBe(1);
      expect(value('gateway_token_rejections_total', { code: 'TOKEN_MISSING' })).toBe(1);

      // SDK calls (sign-in) and identity-js calls (forgot password) land in the same metrics.
      const latency = 'gateway_cognito_request_duration_seconds_count';
      expect(value(latency, { operation: 'InitiateAuth' })).toBe(3);
      expect(value(latency, { operation: 'ForgotPassword' })).toBe(1);
      expect(value(latency, { operation: 'ConfirmForgotPassword' })).toBe(1);
      const errors = 'gateway_cognito_errors_total';
      expect(value(errors, { operation: 'InitiateAuth', error: 'NotAuthorizedException' })).toBe(1);
      expect(value(errors, { operation: 'ConfirmForgotPassword', error: 'CodeMismatchException' })).toBe(1);

      expect(
        value('gateway_http_requests_total', { method: 'POST', route: '/auth/sign-in', status: '401' }),
      ).toBe(1);
    });
  });
});
