import { connect } from 'node:net';
import { createApp } from '../../src/app.setup';
import type { LocalCognito } from '../../src/local-cognito/local-cognito';
import {
  createUser,
  fullSession,
  PASSWORD,
  signIn,
  TEMP_PASSWORD,
  uniqueUsername,
} from '../support/auth-helpers';
import { cognitoEnv, Gateway, startTestCognito } from '../support/harness';
import { totp } from '../support/totp';
import { startVirtualAuthenticator } from '../support/virtual-authenticator';

/**
 * Passwords, codes and tokens never reach the logs, even at LOG_LEVEL=debug, through a whole journey;
 * every request leaves its one line with its request id. The app's pino destination is captured.
 */
describe('auth logs at LOG_LEVEL=debug', () => {
  let cognito: LocalCognito & { close(): Promise<void> };
  let gateway: Gateway;
  const output: string[] = [];

  beforeAll(async () => {
    cognito = await startTestCognito();
    const app = await createApp({
      overrides: { ...cognitoEnv(cognito), LOG_LEVEL: 'debug', RATE_LIMITS: 'off', METRICS_PORT: '0' },
      ignoreEnvFile: true,
      logDestination: { write: (line: string) => void output.push(line) },
    });
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address();
    if (typeof address !== 'object' || address === null) throw new Error('gateway did not bind');
    gateway = new Gateway(app, `http://127.0.0.1:${address.port}`);
  });
  afterAll(async () => {
    await gateway.close();
    await cognito.close();
  });

  it('a journey with failures leaves debug lines, none with a secret', async () => {
    const secrets: string[] = [TEMP_PASSWORD, PASSWORD];
    const username = uniqueUsername('logs');
    await createUser(cognito, username);

    await gateway.post('/auth/sign-in', { body: { username, password: 'Wr0ng#Secret1' } });
    secrets.push('Wr0ng#Secret1');
    const first = await gateway.post('/auth/sign-in', { body: { username, password: TEMP_PASSWORD } });
    const session = first.body.challenge.session as string;
    secrets.push(session, session.split(':')[1]);
    await gateway.post('/auth/challenges/new-password', {
      body: { username, session, newPassword: 'weakpassword' },
    });
    secrets.push('weakpassword');
    await gateway.post('/auth/challenges/new-password', {
      body: { username, session, newPassword: PASSWORD },
    });

    const tokens = await signIn(gateway, username, PASSWORD);
    secrets.push(tokens.accessToken, tokens.idToken, tokens.refreshToken);
    await gateway.get('/auth/me', { token: tokens.accessToken });
    const refreshed = await gateway.post('/auth/refresh', { body: { refreshToken: tokens.refreshToken } });
    secrets.push(refreshed.body.accessToken, refreshed.body.idToken);
    await gateway.post('/auth/change-password', {
      ...fullSession(tokens),
      body: { currentPassword: 'Wr0ng#Current1', newPassword: 'Never#Used1' },
    });
    secrets.push('Wr0ng#Current1', 'Never#Used1');

    await gateway.post('/auth/forgot-password', { body: { username } });
    const code = cognito.lastCode(username)!;
    secrets.push(code);
    await gateway.post('/auth/forgot-password/confirm', {
      body: { username, code, newPassword: 'Reset#Passw0rd1' },
    });
    secrets.push('Reset#Passw0rd1');

    const fresh = await signIn(gateway, username, 'Reset#Passw0rd1');
    secrets.push(fresh.accessToken, fresh.idToken, fresh.refreshToken);
    const setup = await gateway.post('/auth/mfa/totp', { token: fresh.accessToken });
    const secret = setup.body.secretCode as string;
    secrets.push(secret);
    const totpCode = totp(secret);
    secrets.push(totpCode);
    await gateway.post('/auth/mfa/totp/verify', { token: fresh.accessToken, body: { code: totpCode } });
    await gateway.request('PUT', '/auth/mfa', { token: fresh.accessToken, body: { totp: 'PREFERRED' } });
    const mfa = await gateway.post('/auth/sign-in', { body: { username, password: 'Reset#Passw0rd1' } });
    secrets.push(mfa.body.challenge.session);
    const signedIn = await gateway.post('/auth/challenges/mfa', {
      body: { username, session: mfa.body.challenge.session, code: totpCode },
    });
    secrets.push(signedIn.body.tokens.accessToken, signedIn.body.tokens.refreshToken);
    await gateway.post('/auth/revoke', { body: { refreshToken: signedIn.body.tokens.refreshToken } });
    await gateway.post('/auth/revoke', { body: { refreshToken: signedIn.body.tokens.refreshToken } });
    await gateway.post('/auth/sign-out', fullSession(fresh));
    const refused = await gateway.get('/auth/me', { token: fresh.accessToken });

    const logs = output.join('');
    expect(logs).toContain(`sign-in of ${username}`);
    expect(logs).toContain('Cognito refused');
    const lines = output.map((line) => JSON.parse(line));
    const requestLines = lines.filter((line) => line.msg === 'request completed');
    expect(requestLines).toHaveLength(20);
    for (const line of requestLines) {
      expect(line).toEqual(
        expect.objectContaining({
          requestId: expect.any(String),
          method: expect.any(String),
          route: expect.stringMatching(/^\/auth\//),
          status: expect.any(Number),
          durationMs: expect.any(Number),
        }),
      );
    }
    const requestId = refused.headers.get('x-request-id');
    expect(requestLines).toContainEqual(
      expect.objectContaining({ requestId, method: 'GET', route: '/auth/me', status: 401 }),
    );
    // Nest's own lines during a request carry its id too.
    expect(lines.find((line) => line.msg === `sign-in of ${username}: authenticated`)?.requestId).toEqual(
      expect.any(String),
    );
    for (const value of secrets) {
      expect(value.length).toBeGreaterThanOrEqual(6);
      expect(logs.includes(value) ? value : 'absent').toBe('absent');
    }
  });

  it('a request the client abandons before the answer leaves a line too', async () => {
    const { port } = new URL(gateway.baseUrl);
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    // Headers promising a body that never comes; then the client hangs up.
    socket.write(
      'POST /auth/sign-in HTTP/1.1\r\nHost: x\r\nX-Request-Id: abandoned-1\r\n' +
        'Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"user',
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    socket.destroy();
    const aborted = () =>
      output.map((line) => JSON.parse(line)).find((line) => line.msg === 'request aborted');
    for (let i = 0; i < 50 && !aborted(); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(aborted()).toEqual(
      expect.objectContaining({ requestId: 'abandoned-1', method: 'POST', route: '/auth/sign-in' }),
    );
  });

  it('sign-in codes and passkey answers leave no secret in the logs', async () => {
    const device = await startVirtualAuthenticator();
    try {
      const username = uniqueUsername('logs-pk');
      await createUser(cognito, username, { permanentPassword: PASSWORD });
      const secrets: string[] = [];
      const otp = await gateway.post('/auth/sign-in/passwordless', {
        body: { username, method: 'EMAIL_OTP' },
      });
      const otpSession = otp.body.challenge.session as string;
      const code = cognito.lastCode(username)!;
      secrets.push(otpSession.split(':')[1], code);
      const wrong = code === '00000000' ? '11111111' : '00000000';
      await gateway.post('/auth/challenges/otp', { body: { username, session: otpSession, code: wrong } });
      const signedIn = await gateway.post('/auth/challenges/otp', {
        body: { username, session: otpSession, code },
      });
      const token = signedIn.body.tokens.accessToken as string;
      secrets.push(token);

      const options = await gateway.post('/auth/passkeys/registration', { token });
      const created = await device.create(options.body.credentialCreationOptions);
      secrets.push(created.response.attestationObject, created.response.clientDataJSON);
      await gateway.post('/auth/passkeys', { token, body: { credential: created } });
      const started = await gateway.post('/auth/sign-in/passkey', { body: { username } });
      const assertion = await device.get(started.body.challenge.credentialRequestOptions);
      secrets.push(assertion.response.signature, assertion.response.clientDataJSON);
      const session = started.body.challenge.session as string;
      secrets.push(session.split(':')[1]);
      const done = await gateway.post('/auth/challenges/passkey', {
        body: { username, session, credential: assertion },
      });
      expect(done.body.status).toBe('AUTHENTICATED');

      const logs = output.join('');
      expect(logs).toContain(`WEB_AUTHN answer of ${username}: authenticated`);
      for (const value of secrets) {
        expect(value.length).toBeGreaterThanOrEqual(6);
        expect(logs.includes(value) ? value : 'absent').toBe('absent');
      }
    } finally {
      await device.close();
    }
  });
});
