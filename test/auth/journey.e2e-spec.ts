import {
  claimsOf,
  createUser,
  fullSession,
  nextSecond,
  PASSWORD,
  signIn,
  TEMP_PASSWORD,
  TokenSet,
  uniqueUsername,
} from '../support/auth-helpers';
import { useStack } from '../support/harness';
import { totp } from '../support/totp';

/**
 * The app's whole life with one admin-created user, over real HTTP against the local Cognito, once per
 * AUTH_FLOW and once more with an app client that has a secret (the local Cognito checks every
 * SECRET_HASH as AWS does): first access → profile → refresh → change password → revoke → global
 * sign-out → forgot/confirm → TOTP setup → MFA sign-in.
 */
describe.each([
  ['USER_SRP_AUTH', ''],
  ['USER_PASSWORD_AUTH', ''],
  ['USER_SRP_AUTH', ' and an app client secret'],
])('auth journey with AUTH_FLOW=%s%s', (authFlow, withClientSecret) => {
  const username = uniqueUsername('journey');
  const CHANGED = 'Chang3d#Passw0rd';
  const RESET = 'R3set#Passw0rd!';
  let tokens: TokenSet;
  let secret: string;
  const stack = useStack({ env: { AUTH_FLOW: authFlow }, clientSecret: withClientSecret !== '' });

  beforeAll(async () => {
    await createUser(stack.cognito, username, { attributes: { name: 'Journey Tester' } });
  });

  it('first access: the temporary password leads to NEW_PASSWORD_REQUIRED, answered with a new password', async () => {
    const first = await stack.gateway.post('/auth/sign-in', { body: { username, password: TEMP_PASSWORD } });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      status: 'CHALLENGE',
      challenge: { name: 'NEW_PASSWORD_REQUIRED', session: expect.any(String), requiredAttributes: [] },
    });

    const answered = await stack.gateway.post('/auth/challenges/new-password', {
      body: { username, session: first.body.challenge.session, newPassword: PASSWORD },
    });
    expect(answered.status).toBe(200);
    expect(answered.body).toEqual({
      status: 'AUTHENTICATED',
      tokens: {
        idToken: expect.any(String),
        accessToken: expect.any(String),
        refreshToken: expect.any(String),
        expiresIn: 3600,
        tokenType: 'Bearer',
      },
    });
    tokens = await signIn(stack.gateway, username, PASSWORD);
    expect(tokens.refreshToken).toEqual(expect.any(String));
  });

  it('profile: GET /auth/me, then PATCH an attribute', async () => {
    const me = await stack.gateway.get('/auth/me', { token: tokens.accessToken });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({
      username,
      sub: claimsOf(tokens.accessToken).sub,
      attributes: expect.objectContaining({ email: `${username}@example.com`, name: 'Journey Tester' }),
      mfa: { totp: 'DISABLED' },
    });

    const patched = await stack.gateway.request('PATCH', '/auth/me', {
      token: tokens.accessToken,
      body: { attributes: { name: 'Renamed Tester' } },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.attributes.name).toBe('Renamed Tester');
  });

  it('refresh: new access and id tokens of the session, and a new refresh token when the app client rotates', async () => {
    // The seeded app client rotates refresh tokens, as AWS recommends; the one with a secret does not.
    const rotates = withClientSecret === '';
    await nextSecond();
    const res = await stack.gateway.post('/auth/refresh', { body: { refreshToken: tokens.refreshToken } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      idToken: expect.any(String),
      accessToken: expect.any(String),
      ...(rotates ? { refreshToken: expect.any(String) } : {}),
      expiresIn: 3600,
      tokenType: 'Bearer',
    });
    expect(res.body.accessToken).not.toBe(tokens.accessToken);
    expect(res.body.refreshToken).not.toBe(tokens.refreshToken);
    expect(claimsOf(res.body.accessToken).origin_jti).toBe(claimsOf(tokens.accessToken).origin_jti);
    tokens = {
      accessToken: res.body.accessToken,
      idToken: res.body.idToken,
      refreshToken: res.body.refreshToken ?? tokens.refreshToken,
      expiresIn: res.body.expiresIn,
      tokenType: 'Bearer',
    };
  });

  it('change password: the old password stops working, the new one works', async () => {
    const res = await stack.gateway.post('/auth/change-password', {
      ...fullSession(tokens),
      body: { currentPassword: PASSWORD, newPassword: CHANGED },
    });
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect(
      (await stack.gateway.post('/auth/sign-in', { body: { username, password: PASSWORD } })).status,
    ).toBe(401);
    tokens = await signIn(stack.gateway, username, CHANGED);
  });

  it('revoke: the refresh token and the access tokens of its session die, other sessions live', async () => {
    const other = await signIn(stack.gateway, username, CHANGED);
    const started = Date.now();
    const res = await stack.gateway.post('/auth/revoke', { body: { refreshToken: other.refreshToken } });
    expect(res.status).toBe(204);

    const refresh = await stack.gateway.post('/auth/refresh', {
      body: { refreshToken: other.refreshToken, username },
    });
    expect(refresh.status).toBe(401);
    expect(refresh.body.code).toBe('REFRESH_TOKEN_INVALID');
    // identity-js alone retries for ~6.4 s before failing; the gateway answers at once
    expect(Date.now() - started).toBeLessThan(2000);

    const revokedAccess = await stack.gateway.get('/auth/session', { token: other.accessToken });
    expect(revokedAccess.status).toBe(401);
    expect(revokedAccess.body.code).toBe('TOKEN_REVOKED');
    expect((await stack.gateway.get('/auth/session', { token: tokens.accessToken })).status).toBe(200);
  });

  it('global sign-out: earlier access tokens are 401 TOKEN_REVOKED, refresh is 401, a fresh sign-in works', async () => {
    const otherDevice = await signIn(stack.gateway, username, CHANGED);
    const res = await stack.gateway.post('/auth/sign-out', fullSession(tokens));
    expect(res.status).toBe(204);

    for (const token of [tokens.accessToken, otherDevice.accessToken]) {
      const after = await stack.gateway.get('/auth/session', { token });
      expect(after.status).toBe(401);
      expect(after.body.code).toBe('TOKEN_REVOKED');
    }
    const refresh = await stack.gateway.post('/auth/refresh', {
      body: { refreshToken: otherDevice.refreshToken, username },
    });
    expect(refresh.status).toBe(401);
    expect(refresh.body.code).toBe('REFRESH_TOKEN_INVALID');

    // right after the sign-out answered: a new sign-in is accepted
    const fresh = await signIn(stack.gateway, username, CHANGED);
    expect((await stack.gateway.get('/auth/session', { token: fresh.accessToken })).status).toBe(200);
    tokens = fresh;
  });

  it('forgot / confirm: a code by email, then a new password', async () => {
    const forgot = await stack.gateway.post('/auth/forgot-password', { body: { username } });
    expect(forgot.status).toBe(202);
    expect(forgot.body).toEqual({ deliveryMedium: 'EMAIL', destination: 'j***@e***' });
    const code = stack.cognito.lastCode(username);
    expect(code).toMatch(/^\d{6}$/);

    const confirm = await stack.gateway.post('/auth/forgot-password/confirm', {
      body: { username, code, newPassword: RESET },
    });
    expect(confirm.status).toBe(204);
    tokens = await signIn(stack.gateway, username, RESET);
  });

  it('TOTP setup: secret, verification with a real code, preference PREFERRED', async () => {
    const setup = await stack.gateway.post('/auth/mfa/totp', { token: tokens.accessToken });
    expect(setup.status).toBe(200);
    secret = setup.body.secretCode;
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    expect(setup.body.otpauthUri).toBe(
      `otpauth://totp/Cognito%20Gateway:${username}?secret=${secret}&issuer=Cognito%20Gateway&algorithm=SHA1&digits=6&period=30`,
    );

    const verify = await stack.gateway.post('/auth/mfa/totp/verify', {
      token: tokens.accessToken,
      body: { code: totp(secret), deviceName: 'Journey phone' },
    });
    expect(verify.status).toBe(204);

    const preference = await stack.gateway.request('PUT', '/auth/mfa', {
      token: tokens.accessToken,
      body: { totp: 'PREFERRED' },
    });
    expect(preference.status).toBe(204);
    expect((await stack.gateway.get('/auth/me', { token: tokens.accessToken })).body.mfa).toEqual({
      totp: 'PREFERRED',
    });
  });

  it('MFA sign-in: SOFTWARE_TOKEN_MFA challenge answered with the authenticator code', async () => {
    const start = await stack.gateway.post('/auth/sign-in', { body: { username, password: RESET } });
    expect(start.status).toBe(200);
    expect(start.body).toEqual({
      status: 'CHALLENGE',
      challenge: { name: 'SOFTWARE_TOKEN_MFA', session: expect.any(String) },
    });

    const wrong = await stack.gateway.post('/auth/challenges/mfa', {
      body: {
        username,
        session: start.body.challenge.session,
        code: totp(secret) === '000000' ? '111111' : '000000',
      },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.code).toBe('CODE_MISMATCH');

    const answer = await stack.gateway.post('/auth/challenges/mfa', {
      body: { username, session: start.body.challenge.session, code: totp(secret) },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.status).toBe('AUTHENTICATED');
    const session = await stack.gateway.get('/auth/session', { token: answer.body.tokens.accessToken });
    expect(session.status).toBe(200);
    expect(session.body.username).toBe(username);
  });

  it('turning TOTP off signs in without a challenge again', async () => {
    const off = await stack.gateway.request('PUT', '/auth/mfa', {
      token: tokens.accessToken,
      body: { totp: 'DISABLED' },
    });
    expect(off.status).toBe(204);
    await signIn(stack.gateway, username, RESET);
  });
});
