import { connect } from 'node:net';
import {
  createUser,
  fullSession,
  PASSWORD,
  signedInUser,
  signIn,
  TokenSet,
  uniqueUsername,
} from '../support/auth-helpers';
import { useStack } from '../support/harness';

/** A change to someone's rights or password takes effect at once, not when their token expires. */
describe('rights and password changes end the sessions they affect', () => {
  const stack = useStack();
  const admin = (method: string, url: string, body?: unknown) =>
    stack.gateway.request(method, url, { token: stack.adminToken, body });

  async function signedIn(prefix: string) {
    const { username } = await createUser(stack.cognito, uniqueUsername(prefix), {
      permanentPassword: PASSWORD,
    });
    return { username, tokens: await signIn(stack.gateway, username, PASSWORD) };
  }

  it('an admin removed from the admin group can no longer use the admin routes with the old token', async () => {
    const { username } = await createUser(stack.cognito, uniqueUsername('ex-admin'), {
      permanentPassword: PASSWORD,
    });
    expect((await admin('PUT', `/admin/users/${username}/groups/admin`)).status).toBe(204);
    const tokens = await signIn(stack.gateway, username, PASSWORD);
    const asExAdmin = (method: string, url: string, body?: unknown) =>
      stack.gateway.request(method, url, { token: tokens.accessToken, body });
    expect((await asExAdmin('GET', '/admin/users')).status).toBe(200);

    expect((await admin('DELETE', `/admin/users/${username}/groups/admin`)).status).toBe(204);

    const list = await asExAdmin('GET', '/admin/users');
    expect(list.status).toBe(401);
    expect(list.body.code).toBe('TOKEN_REVOKED');
    expect((await asExAdmin('PUT', `/admin/users/${username}/groups/admin`)).status).toBe(401);
    expect(
      (
        await asExAdmin('POST', '/admin/users', {
          username: uniqueUsername('sneaky'),
          email: 's@example.com',
        })
      ).status,
    ).toBe(401);

    // A refresh brings tokens that no longer list the group.
    const refreshed = await stack.gateway.post('/auth/refresh', {
      body: { refreshToken: tokens.refreshToken },
    });
    expect(refreshed.status).toBe(200);
    const again = await stack.gateway.get('/admin/users', { token: refreshed.body.accessToken });
    expect(again.status).toBe(403);
  });

  it.each([
    [
      'set-password',
      (u: string) =>
        admin('POST', `/admin/users/${u}/password`, { password: 'N3w#Passw0rd!', permanent: true }),
    ],
    ['reset-password', (u: string) => admin('POST', `/admin/users/${u}/reset-password`)],
  ])('an admin %s ends every session of the user: access and refresh tokens', async (_what, change) => {
    const { username, tokens } = await signedIn('victim');
    expect((await stack.gateway.get('/auth/session', { token: tokens.accessToken })).status).toBe(200);

    expect((await change(username)).status).toBe(204);

    const session = await stack.gateway.get('/auth/session', { token: tokens.accessToken });
    expect(session.status).toBe(401);
    expect(session.body.code).toBe('TOKEN_REVOKED');
    const refresh = await stack.gateway.post('/auth/refresh', {
      body: { refreshToken: tokens.refreshToken },
    });
    expect(refresh.status).toBe(401);
    expect(refresh.body.code).toBe('REFRESH_TOKEN_INVALID');
  });

  /** Each session's access token is 401 TOKEN_REVOKED and its refresh token 401 REFRESH_TOKEN_INVALID. */
  async function expectEnded(...sessions: TokenSet[]): Promise<void> {
    for (const tokens of sessions) {
      const session = await stack.gateway.get('/auth/session', { token: tokens.accessToken });
      expect(session.status).toBe(401);
      expect(session.body.code).toBe('TOKEN_REVOKED');
      const refresh = await stack.gateway.post('/auth/refresh', {
        body: { refreshToken: tokens.refreshToken },
      });
      expect(refresh.status).toBe(401);
      expect(refresh.body.code).toBe('REFRESH_TOKEN_INVALID');
    }
  }

  it('change-password ends every session of the user, the caller’s own too; the new password signs in at once', async () => {
    const { username, tokens: here } = await signedIn('changer');
    const stolen = await signIn(stack.gateway, username, PASSWORD);

    const changed = await stack.gateway.post('/auth/change-password', {
      ...fullSession(here),
      body: { currentPassword: PASSWORD, newPassword: 'N3w#Passw0rd!' },
    });
    expect(changed.status).toBe(204);

    await expectEnded(stolen, here);
    const again = await signIn(stack.gateway, username, 'N3w#Passw0rd!');
    expect((await stack.gateway.get('/auth/session', { token: again.accessToken })).status).toBe(200);
  });

  it('a wrong current password ends nothing', async () => {
    const { tokens } = await signedIn('fumbler');
    const wrong = await stack.gateway.post('/auth/change-password', {
      ...fullSession(tokens),
      body: { currentPassword: 'Wr0ng#Passw0rd', newPassword: 'N3w#Passw0rd!' },
    });
    expect(wrong.body.code).toBe('PASSWORD_INCORRECT');
    expect((await stack.gateway.get('/auth/session', { token: tokens.accessToken })).status).toBe(200);
    const refresh = await stack.gateway.post('/auth/refresh', {
      body: { refreshToken: tokens.refreshToken },
    });
    expect(refresh.status).toBe(200);
  });

  it('forgot-password/confirm ends every session of the user', async () => {
    const { username, tokens: phone } = await signedIn('forgetful');
    const laptop = await signIn(stack.gateway, username, PASSWORD);
    expect((await stack.gateway.post('/auth/forgot-password', { body: { username } })).status).toBe(202);

    const confirmed = await stack.gateway.post('/auth/forgot-password/confirm', {
      body: { username, code: stack.cognito.lastCode(username), newPassword: 'R3set#Passw0rd!' },
    });
    expect(confirmed.status).toBe(204);

    await expectEnded(phone, laptop);
    const again = await signIn(stack.gateway, username, 'R3set#Passw0rd!');
    expect((await stack.gateway.get('/auth/session', { token: again.accessToken })).status).toBe(200);
  });
});

describe('every user an admin can create is reachable at /admin/users/{username}', () => {
  const stack = useStack();

  it.each(['.', '..'])(
    'refuses the username %j, which URL normalisation would make unreachable',
    async (name) => {
      const res = await stack.gateway.post('/admin/users', {
        token: stack.adminToken,
        body: { username: name, email: 'dots@example.com' },
      });
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual([{ field: 'username', message: expect.stringContaining('"."') }]);
    },
  );

  it('reaches names with dots, percent signs, slashes and other punctuation', async () => {
    for (const name of ['...', '.x', 'x.', 'a..b', '%2e', '%2e%2e', 'a/b', 'a?b', 'a#b', 'ünï', '+1']) {
      const created = await stack.gateway.post('/admin/users', {
        token: stack.adminToken,
        body: { username: name, email: 'odd@example.com', temporaryPassword: 'Temp#Passw0rd1' },
      });
      expect({ name, status: created.status }).toEqual({ name, status: 201 });
      const read = await stack.gateway.get(`/admin/users/${encodeURIComponent(name)}`, {
        token: stack.adminToken,
      });
      expect({ name, status: read.status, username: read.body.username }).toEqual({
        name,
        status: 200,
        username: name,
      });
    }
  });
});

describe('token headers a red team tried', () => {
  const stack = useStack();

  it('a repeated Authorization header is 400, not silently its first value', async () => {
    const { tokens } = await signedInUser(stack.gateway, stack.cognito, 'twice');
    const { port, hostname } = new URL(stack.gateway.baseUrl);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), hostname, () =>
        socket.end(
          `GET /auth/session HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${tokens.accessToken}\r\n` +
            'Authorization: Bearer someone-else\r\nConnection: close\r\n\r\n',
        ),
      );
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString()));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toContain('"code":"VALIDATION_FAILED"');
  });

  it('a signed-out id token is refused as X-Id-Token next to a fresh access token', async () => {
    const { username, tokens: old } = await signedInUser(stack.gateway, stack.cognito, 'stale-id');
    const out = await stack.gateway.post('/auth/sign-out', {
      token: old.accessToken,
      headers: { 'x-id-token': old.idToken },
    });
    expect(out.status).toBe(204);
    const fresh = await signIn(stack.gateway, username, PASSWORD);
    const res = await stack.gateway.post('/auth/sign-out', {
      token: fresh.accessToken,
      headers: { 'x-id-token': old.idToken },
    });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('TOKEN_REVOKED');
  });
});

describe('change-password is limited per signed-in user', () => {
  const stack = useStack({ env: { RATE_LIMITS: 'on', RATE_LIMIT_CHANGE_PASSWORD: '3/900' } });

  it('a stolen session cannot guess the current password without end', async () => {
    const { tokens } = await signedInUser(stack.gateway, stack.cognito, 'guessed');
    const guess = (currentPassword: string) =>
      stack.gateway.post('/auth/change-password', {
        token: tokens.accessToken,
        headers: { 'x-id-token': tokens.idToken },
        body: { currentPassword, newPassword: 'N3w#Passw0rd!' },
      });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await guess(`Wr0ng#Guess${i}`)).status);
    expect(statuses).toEqual([400, 400, 400, 429, 429]);
    const limited = await guess('Wr0ng#Guess9');
    expect(limited.body.code).toBe('TOO_MANY_REQUESTS');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);

    // Another user's budget is their own.
    const other = await signedInUser(stack.gateway, stack.cognito, 'bystander');
    const theirs = await stack.gateway.post('/auth/change-password', {
      token: other.tokens.accessToken,
      headers: { 'x-id-token': other.tokens.idToken },
      body: { currentPassword: 'Wr0ng#Guess0', newPassword: 'N3w#Passw0rd!' },
    });
    expect(theirs.status).toBe(400);
  });
});
