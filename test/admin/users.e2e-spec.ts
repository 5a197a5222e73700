import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  ConfirmForgotPasswordCommand,
  GetTokensFromRefreshTokenCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { cognitoTokens, useStack } from '../support/harness';

const PASSWORD = 'User#Passw0rd!';

describe('admin: users (real HTTP, local Cognito)', () => {
  const stack = useStack();

  beforeAll(async () => {
    await stack.gateway.post('/admin/groups', { token: stack.adminToken, body: { name: 'editors' } });
  });

  /** A confirmed user made straight at Cognito, so each test's subject does not depend on other routes. */
  async function seedUser(username: string, email = `${username}@example.com`): Promise<void> {
    const UserPoolId = stack.cognito.userPoolId;
    await stack.sdk.send(
      new AdminCreateUserCommand({
        UserPoolId,
        Username: username,
        MessageAction: 'SUPPRESS',
        UserAttributes: [{ Name: 'email', Value: email }],
      }),
    );
    await stack.sdk.send(
      new AdminSetUserPasswordCommand({
        UserPoolId,
        Username: username,
        Password: PASSWORD,
        Permanent: true,
      }),
    );
  }

  function signIn(username: string, password = PASSWORD) {
    return stack.sdk.send(
      new InitiateAuthCommand({
        ClientId: stack.cognito.clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: username, PASSWORD: password },
      }),
    );
  }

  function refresh(refreshToken: string) {
    return stack.sdk.send(
      new GetTokensFromRefreshTokenCommand({ ClientId: stack.cognito.clientId, RefreshToken: refreshToken }),
    );
  }

  const user = (name: string) => `/admin/users/${encodeURIComponent(name)}`;

  describe('POST /admin/users (createUser)', () => {
    it('creates a user with the given temporary password, attributes and groups, silently', async () => {
      const res = await stack.gateway.post('/admin/users', {
        token: stack.adminToken,
        body: {
          username: 'carol',
          email: 'carol@example.com',
          temporaryPassword: 'Temp#Passw0rd1',
          attributes: { name: 'Carol', email_verified: 'true' },
          groups: ['editors'],
          sendInvitation: false,
        },
      });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        username: 'carol',
        sub: expect.stringMatching(/^[0-9a-f-]{36}$/),
        email: 'carol@example.com',
        emailVerified: true,
        status: 'FORCE_CHANGE_PASSWORD',
        enabled: true,
        attributes: expect.objectContaining({
          name: 'Carol',
          email: 'carol@example.com',
          email_verified: 'true',
        }),
        groups: ['editors'],
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
        updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
      });
      expect(stack.cognito.lastCode('carol')).toBeUndefined();
      const signed = await signIn('carol', 'Temp#Passw0rd1');
      expect(signed.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
      expect((await stack.gateway.get(user('carol'), { token: stack.adminToken })).body.groups).toEqual([
        'editors',
      ]);
    });

    it('generates a temporary password that satisfies the pool policy and sends the invitation', async () => {
      const res = await stack.gateway.post('/admin/users', {
        token: stack.adminToken,
        body: { username: 'dave', email: 'dave@example.com' },
      });
      expect(res.status).toBe(201);
      expect(res.body.emailVerified).not.toBe(true);
      const temporary = stack.cognito.lastCode('dave');
      expect(temporary).toBeDefined();
      expect(temporary!.length).toBeGreaterThanOrEqual(16);
      expect(temporary).toMatch(/[a-z]/);
      expect(temporary).toMatch(/[A-Z]/);
      expect(temporary).toMatch(/[0-9]/);
      expect(temporary).toMatch(/[^A-Za-z0-9]/);
      expect((await signIn('dave', temporary)).ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
    });

    it('is 409 USER_EXISTS for a taken username', async () => {
      await seedUser('erin');
      const res = await stack.gateway.post('/admin/users', {
        token: stack.adminToken,
        body: { username: 'erin', email: 'erin2@example.com', sendInvitation: false },
      });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('USER_EXISTS');
    });

    it('is 404 GROUP_NOT_FOUND for an unknown group, and creates nobody', async () => {
      const res = await stack.gateway.post('/admin/users', {
        token: stack.adminToken,
        body: { username: 'fay', email: 'fay@example.com', groups: ['editors', 'no-such-group'] },
      });
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('GROUP_NOT_FOUND');
      expect(res.body.message).toContain('no-such-group');
      expect((await stack.gateway.get(user('fay'), { token: stack.adminToken })).status).toBe(404);
      expect(stack.cognito.lastCode('fay')).toBeUndefined();
    });

    it.each([
      [
        { username: 'gil', email: 'gil@example.com', attributes: { 'custom:nope': 'x' } },
        'attributes.custom:nope',
      ],
      [{ username: 'gil', email: 'gil@example.com', attributes: { sub: 'x' } }, 'attributes.sub'],
      [{ username: 'gil', email: 'not-an-email' }, 'email'],
      [{ username: 'gil', email: 'gil@example.com', role: 'root' }, 'role'],
      [{ username: 'g i l', email: 'gil@example.com' }, 'username'],
    ])('is 400 VALIDATION_FAILED for %j', async (body, field) => {
      const res = await stack.gateway.post('/admin/users', { token: stack.adminToken, body });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    });
  });

  it('names that are Object.prototype members are ordinary names: unknown ones 404, made ones work', async () => {
    for (const name of ['constructor', 'toString', '__proto__']) {
      const user = await stack.gateway.get(`/admin/users/${name}`, { token: stack.adminToken });
      expect([user.status, user.body.code]).toEqual([404, 'USER_NOT_FOUND']);
      const members = await stack.gateway.get(`/admin/groups/${name}/users`, { token: stack.adminToken });
      expect([members.status, members.body.code]).toEqual([404, 'GROUP_NOT_FOUND']);
    }
    const created = await stack.gateway.post('/admin/users', {
      token: stack.adminToken,
      body: { username: '__proto__', email: 'proto@example.com' },
    });
    expect(created.status).toBe(201);
    expect(
      (await stack.gateway.get('/admin/users/__proto__', { token: stack.adminToken })).body.username,
    ).toBe('__proto__');
    expect((await stack.gateway.get('/admin/users/constructor', { token: stack.adminToken })).status).toBe(
      404,
    );
    const group = await stack.gateway.post('/admin/groups', {
      token: stack.adminToken,
      body: { name: 'constructor' },
    });
    expect(group.status).toBe(201);
    const joined = await stack.gateway.request('PUT', '/admin/users/__proto__/groups/constructor', {
      token: stack.adminToken,
    });
    expect(joined.status).toBe(204);
    const members = await stack.gateway.get('/admin/groups/constructor/users', { token: stack.adminToken });
    expect(members.body.users.map((u: { username: string }) => u.username)).toEqual(['__proto__']);
    expect(
      (await stack.gateway.request('DELETE', '/admin/users/__proto__', { token: stack.adminToken })).status,
    ).toBe(204);
    expect((await stack.gateway.get('/admin/users/__proto__', { token: stack.adminToken })).status).toBe(404);
  });

  describe('GET /admin/users/{username} (getUser)', () => {
    it('returns the User schema with groups', async () => {
      await seedUser('hank');
      await stack.sdk.send(
        new AdminAddUserToGroupCommand({
          UserPoolId: stack.cognito.userPoolId,
          Username: 'hank',
          GroupName: 'editors',
        }),
      );
      const res = await stack.gateway.get(user('hank'), { token: stack.adminToken });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        username: 'hank',
        email: 'hank@example.com',
        status: 'CONFIRMED',
        enabled: true,
        groups: ['editors'],
      });
      expect(res.body.attributes.sub).toBe(res.body.sub);
      expect(new Date(res.body.createdAt).toISOString()).toBe(res.body.createdAt);
    });

    it('is 404 USER_NOT_FOUND for an unknown user', async () => {
      const res = await stack.gateway.get(user('nobody'), { token: stack.adminToken });
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ statusCode: 404, code: 'USER_NOT_FOUND', message: expect.any(String) });
    });

    it('is 400 VALIDATION_FAILED for a username Cognito could not hold', async () => {
      const res = await stack.gateway.get(user('a b'), { token: stack.adminToken });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    });
  });

  describe('PATCH /admin/users/{username} (updateUser)', () => {
    it('sets attributes and returns the updated user', async () => {
      await seedUser('ivy');
      const res = await stack.gateway.request('PATCH', user('ivy'), {
        token: stack.adminToken,
        body: { attributes: { name: 'Ivy', email: 'ivy.new@example.com' } },
      });
      expect(res.status).toBe(200);
      expect(res.body.attributes.name).toBe('Ivy');
      expect(res.body.email).toBe('ivy.new@example.com');
      expect(res.body.groups).toEqual([]);
    });

    it('is 400 for an attribute the pool does not have, naming it', async () => {
      await seedUser('jack');
      const res = await stack.gateway.request('PATCH', user('jack'), {
        token: stack.adminToken,
        body: { attributes: { 'custom:tenant': 'acme' } },
      });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.details).toEqual([
        { field: 'attributes.custom:tenant', message: 'custom:tenant is not an attribute of this user pool' },
      ]);
    });

    it('is 404 for an unknown user', async () => {
      const res = await stack.gateway.request('PATCH', user('nobody'), {
        token: stack.adminToken,
        body: { attributes: { name: 'X' } },
      });
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('USER_NOT_FOUND');
    });
  });

  describe('DELETE /admin/users/{username} (deleteUser)', () => {
    it('deletes the user; their refresh and access tokens stop working', async () => {
      await seedUser('kim');
      const tokens = await cognitoTokens(stack.cognito, 'kim', PASSWORD);
      const res = await stack.gateway.request('DELETE', user('kim'), { token: stack.adminToken });
      expect(res.status).toBe(204);
      expect(res.text).toBe('');
      expect((await stack.gateway.get(user('kim'), { token: stack.adminToken })).status).toBe(404);
      await expect(refresh(tokens.refreshToken)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
      const session = await stack.gateway.get('/auth/session', { token: tokens.accessToken });
      expect(session.status).toBe(401);
      expect(session.body.code).toBe('TOKEN_REVOKED');
    });

    it('is 404 for an unknown user', async () => {
      const res = await stack.gateway.request('DELETE', user('nobody'), { token: stack.adminToken });
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('USER_NOT_FOUND');
    });
  });

  describe('disableUser / enableUser', () => {
    it('a disabled user cannot sign in or refresh, and their access token is refused; enable undoes it', async () => {
      await seedUser('leo');
      const tokens = await cognitoTokens(stack.cognito, 'leo', PASSWORD);
      expect((await stack.gateway.post(`${user('leo')}/disable`, { token: stack.adminToken })).status).toBe(
        204,
      );

      expect((await stack.gateway.get(user('leo'), { token: stack.adminToken })).body.enabled).toBe(false);
      await expect(signIn('leo')).rejects.toMatchObject({ name: 'NotAuthorizedException' });
      await expect(refresh(tokens.refreshToken)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
      const session = await stack.gateway.get('/auth/session', { token: tokens.accessToken });
      expect(session.status).toBe(401);
      expect(session.body.code).toBe('TOKEN_REVOKED');

      expect((await stack.gateway.post(`${user('leo')}/enable`, { token: stack.adminToken })).status).toBe(
        204,
      );
      expect((await stack.gateway.get(user('leo'), { token: stack.adminToken })).body.enabled).toBe(true);
      expect((await signIn('leo')).AuthenticationResult?.AccessToken).toBeDefined();
    });

    it.each(['disable', 'enable'])('%s of an unknown user is 404', async (action) => {
      const res = await stack.gateway.post(`${user('nobody')}/${action}`, { token: stack.adminToken });
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('USER_NOT_FOUND');
    });
  });

  describe('POST /admin/users/{username}/password (setUserPassword)', () => {
    it('sets a permanent password the user signs in with', async () => {
      await seedUser('mia');
      const res = await stack.gateway.post(`${user('mia')}/password`, {
        token: stack.adminToken,
        body: { password: 'Perm#Passw0rd9', permanent: true },
      });
      expect(res.status).toBe(204);
      expect((await signIn('mia', 'Perm#Passw0rd9')).AuthenticationResult?.AccessToken).toBeDefined();
    });

    it('sets a temporary password the user must change', async () => {
      await seedUser('ned');
      const res = await stack.gateway.post(`${user('ned')}/password`, {
        token: stack.adminToken,
        body: { password: 'Temp#Passw0rd9', permanent: false },
      });
      expect(res.status).toBe(204);
      expect((await signIn('ned', 'Temp#Passw0rd9')).ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
      expect((await stack.gateway.get(user('ned'), { token: stack.adminToken })).body.status).toBe(
        'FORCE_CHANGE_PASSWORD',
      );
    });

    it('is 400 INVALID_PASSWORD for a password the policy refuses, without echoing it', async () => {
      await seedUser('oli');
      const res = await stack.gateway.post(`${user('oli')}/password`, {
        token: stack.adminToken,
        body: { password: 'weakpassword', permanent: true },
      });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('INVALID_PASSWORD');
      expect(res.text).not.toContain('weakpassword');
    });

    it('is 400 when permanent is missing, 404 for an unknown user', async () => {
      const missing = await stack.gateway.post(`${user('oli')}/password`, {
        token: stack.adminToken,
        body: { password: 'Perm#Passw0rd9' },
      });
      expect(missing.status).toBe(400);
      const unknown = await stack.gateway.post(`${user('nobody')}/password`, {
        token: stack.adminToken,
        body: { password: 'Perm#Passw0rd9', permanent: true },
      });
      expect(unknown.status).toBe(404);
      expect(unknown.body.code).toBe('USER_NOT_FOUND');
    });
  });

  describe('POST /admin/users/{username}/reset-password (resetUserPassword)', () => {
    it('sign-in then needs a reset, confirmed with the code the user received', async () => {
      await seedUser('pam');
      expect(
        (await stack.gateway.post(`${user('pam')}/reset-password`, { token: stack.adminToken })).status,
      ).toBe(204);
      expect((await stack.gateway.get(user('pam'), { token: stack.adminToken })).body.status).toBe(
        'RESET_REQUIRED',
      );
      await expect(signIn('pam')).rejects.toMatchObject({ name: 'PasswordResetRequiredException' });
      const viaGateway = await stack.gateway.post('/auth/sign-in', {
        body: { username: 'pam', password: PASSWORD },
      });
      expect(viaGateway.status).toBe(403);
      expect(viaGateway.body.code).toBe('PASSWORD_RESET_REQUIRED');

      const code = stack.cognito.lastCode('pam');
      expect(code).toMatch(/^\d{6}$/);
      await stack.sdk.send(
        new ConfirmForgotPasswordCommand({
          ClientId: stack.cognito.clientId,
          Username: 'pam',
          ConfirmationCode: code,
          Password: 'After#Reset9',
        }),
      );
      expect((await signIn('pam', 'After#Reset9')).AuthenticationResult?.AccessToken).toBeDefined();
      expect((await stack.gateway.get(user('pam'), { token: stack.adminToken })).body.status).toBe(
        'CONFIRMED',
      );
    });

    it('is 404 for an unknown user', async () => {
      const res = await stack.gateway.post(`${user('nobody')}/reset-password`, { token: stack.adminToken });
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('USER_NOT_FOUND');
    });
  });

  describe('POST /admin/users/{username}/sign-out (signOutUser)', () => {
    it('kills the user’s refresh token at Cognito and their access token at the gateway', async () => {
      await seedUser('quinn');
      const tokens = await cognitoTokens(stack.cognito, 'quinn', PASSWORD);
      expect((await stack.gateway.get('/auth/session', { token: tokens.accessToken })).status).toBe(200);
      expect((await refresh(tokens.refreshToken)).AuthenticationResult?.AccessToken).toBeDefined();

      const res = await stack.gateway.post(`${user('quinn')}/sign-out`, { token: stack.adminToken });
      expect(res.status).toBe(204);

      await expect(refresh(tokens.refreshToken)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
      const session = await stack.gateway.get('/auth/session', { token: tokens.accessToken });
      expect(session.status).toBe(401);
      expect(session.body.code).toBe('TOKEN_REVOKED');
      // The admin's own session is untouched, and the user can sign in again afterwards.
      expect((await stack.gateway.get('/auth/session', { token: stack.adminToken })).status).toBe(200);
      const again = await cognitoTokens(stack.cognito, 'quinn', PASSWORD);
      expect((await stack.gateway.get('/auth/session', { token: again.accessToken })).status).toBe(200);
    });

    it('is 404 for an unknown user', async () => {
      const res = await stack.gateway.post(`${user('nobody')}/sign-out`, { token: stack.adminToken });
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('USER_NOT_FOUND');
    });
  });

  describe('GET /admin/users (listUsers)', () => {
    const PREFIX = 'page-';
    const names = Array.from({ length: 7 }, (_, i) => `${PREFIX}${String(i).padStart(2, '0')}`);

    beforeAll(async () => {
      for (const name of names) await seedUser(name, `${name}@paging.example.com`);
    });

    async function walk(query: string, limit: number): Promise<{ pages: string[][]; all: string[] }> {
      const pages: string[][] = [];
      let token: string | undefined;
      do {
        const tokenPart = token ? `&paginationToken=${encodeURIComponent(token)}` : '';
        const res = await stack.gateway.get(`/admin/users?limit=${limit}${query}${tokenPart}`, {
          token: stack.adminToken,
        });
        expect(res.status).toBe(200);
        expect(res.body.users.length).toBeLessThanOrEqual(limit);
        pages.push(res.body.users.map((u: { username: string }) => u.username));
        token = res.body.paginationToken;
        expect(pages.length).toBeLessThan(100);
      } while (token);
      return { pages, all: pages.flat() };
    }

    it('pages through a filtered list in more than two pages with no duplicate and no gap', async () => {
      const { pages, all } = await walk(`&username=${PREFIX}`, 3);
      expect(pages.length).toBe(3);
      expect(new Set(all).size).toBe(all.length);
      expect([...all].sort()).toEqual(names);
    });

    it('pages through every user with no duplicate and no gap', async () => {
      const everyone = (await walk('', 60)).all;
      const { pages, all } = await walk('', 2);
      expect(pages.length).toBeGreaterThan(2);
      expect(new Set(all).size).toBe(all.length);
      expect([...all].sort()).toEqual([...everyone].sort());
    });

    it('filters by email prefix', async () => {
      const res = await stack.gateway.get('/admin/users?email=page-03%40paging', { token: stack.adminToken });
      expect(res.status).toBe(200);
      expect(res.body.users.map((u: { username: string }) => u.username)).toEqual(['page-03']);
      expect(res.body.paginationToken).toBeUndefined();
      expect(res.body.users[0]).toMatchObject({ email: 'page-03@paging.example.com', status: 'CONFIRMED' });
    });

    it('filters by status', async () => {
      await stack.gateway.post('/admin/users', {
        token: stack.adminToken,
        body: { username: 'status-new', email: 'status-new@example.com', sendInvitation: false },
      });
      const res = await stack.gateway.get('/admin/users?status=FORCE_CHANGE_PASSWORD&limit=60', {
        token: stack.adminToken,
      });
      expect(res.status).toBe(200);
      const users = res.body.users as { username: string; status: string }[];
      expect(users.map((u) => u.username)).toContain('status-new');
      expect(users.every((u) => u.status === 'FORCE_CHANGE_PASSWORD')).toBe(true);
    });

    it('finds users whose names hold a quote or a backslash, and nobody else', async () => {
      for (const [i, name] of ['q"uote', 'back\\slash'].entries()) {
        const created = await stack.gateway.post('/admin/users', {
          token: stack.adminToken,
          body: { username: name, email: `hostile${i}@example.com`, sendInvitation: false },
        });
        expect(created.status).toBe(201);
      }
      const quote = await stack.gateway.get(`/admin/users?username=${encodeURIComponent('q"')}`, {
        token: stack.adminToken,
      });
      expect(quote.status).toBe(200);
      expect(quote.body.users.map((u: { username: string }) => u.username)).toEqual(['q"uote']);
      const backslash = await stack.gateway.get(`/admin/users?username=${encodeURIComponent('back\\')}`, {
        token: stack.adminToken,
      });
      expect(backslash.status).toBe(200);
      expect(backslash.body.users.map((u: { username: string }) => u.username)).toEqual(['back\\slash']);
      expect((await stack.gateway.get(user('q"uote'), { token: stack.adminToken })).body.username).toBe(
        'q"uote',
      );
    });

    it.each([
      ['email', '" or username ^= "'],
      ['username', '" or username ^= "'],
      ['email', '"'],
      ['username', '\\'],
      ['email', '\\"'],
      ['username', 'page-"\\'],
    ])('a hostile %s filter %j neither breaks the filter nor widens it', async (field, value) => {
      const res = await stack.gateway.get(`/admin/users?${field}=${encodeURIComponent(value)}`, {
        token: stack.adminToken,
      });
      expect(res.status).toBe(200);
      // No user's name or email starts with any of these values: a widened filter would find some.
      expect(res.body.users).toEqual([]);
    });

    it('refuses two filters at once with a clear 400', async () => {
      const res = await stack.gateway.get('/admin/users?email=a&username=b', { token: stack.adminToken });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.message).toBe('Filter by only one of email, username or status at a time');
    });

    it.each(['limit=0', 'limit=61', 'limit=abc', 'status=confirmed', 'sort=name', 'paginationToken='])(
      'is 400 VALIDATION_FAILED for ?%s',
      async (query) => {
        const res = await stack.gateway.get(`/admin/users?${query}`, { token: stack.adminToken });
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
      },
    );

    it('is 400 for a pagination token Cognito did not issue', async () => {
      const res = await stack.gateway.get('/admin/users?paginationToken=forged', { token: stack.adminToken });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    });
  });

  describe('GET /admin/users/{username}/groups (listUserGroups)', () => {
    it('lists the user’s groups as Group objects', async () => {
      await seedUser('rex');
      await stack.sdk.send(
        new AdminAddUserToGroupCommand({
          UserPoolId: stack.cognito.userPoolId,
          Username: 'rex',
          GroupName: 'editors',
        }),
      );
      const res = await stack.gateway.get(`${user('rex')}/groups`, { token: stack.adminToken });
      expect(res.status).toBe(200);
      expect(res.body).toEqual([expect.objectContaining({ name: 'editors' })]);
    });

    it('is 404 for an unknown user', async () => {
      const res = await stack.gateway.get(`${user('nobody')}/groups`, { token: stack.adminToken });
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('USER_NOT_FOUND');
    });
  });
});
