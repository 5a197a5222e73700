import { createGatewayClient, GatewayClient } from '../../clients/typescript';
import { createUser, PASSWORD, TEMP_PASSWORD, uniqueUsername } from '../support/auth-helpers';
import { ADMIN_PASSWORD, ADMIN_USERNAME, useStack } from '../support/harness';

/** The Auth and Admin journeys as a frontend makes them: through the generated TypeScript client. */
describe('generated TypeScript client (clients/typescript) against the gateway', () => {
  const stack = useStack();

  /** A client that sends whatever access token it was last given. */
  function signedInClient(): { client: GatewayClient; use: (token: string | undefined) => void } {
    let accessToken: string | undefined;
    const client = createGatewayClient({ baseUrl: stack.gateway.baseUrl, accessToken: () => accessToken });
    return { client, use: (token) => (accessToken = token) };
  }

  it('Auth: sign-in, new-password challenge, session, profile, refresh, change password, sign-out', async () => {
    const username = uniqueUsername('client');
    await createUser(stack.cognito, username);
    const { client, use } = signedInClient();

    const first = await client.POST('/auth/sign-in', { body: { username, password: TEMP_PASSWORD } });
    expect(first.response.status).toBe(200);
    expect(first.data?.status).toBe('CHALLENGE');
    expect(first.data?.challenge?.name).toBe('NEW_PASSWORD_REQUIRED');

    const answered = await client.POST('/auth/challenges/new-password', {
      body: { username, session: first.data!.challenge!.session, newPassword: PASSWORD },
    });
    expect(answered.data?.status).toBe('AUTHENTICATED');
    let tokens = answered.data!.tokens!;
    use(tokens.accessToken);

    const session = await client.GET('/auth/session');
    expect(session.data).toMatchObject({ username, groups: [] });

    const profile = await client.GET('/auth/me');
    expect(profile.data).toMatchObject({ username, attributes: { email: `${username}@example.com` } });

    const refreshed = await client.POST('/auth/refresh', { body: { refreshToken: tokens.refreshToken! } });
    expect(refreshed.data).toMatchObject({ tokenType: 'Bearer', accessToken: expect.any(String) });
    tokens = { ...tokens, accessToken: refreshed.data!.accessToken, idToken: refreshed.data!.idToken };
    use(tokens.accessToken);

    const wrong = await client.POST('/auth/change-password', {
      params: { header: { 'X-Id-Token': tokens.idToken } },
      body: { currentPassword: 'Wr0ng#Passw0rd', newPassword: 'Chang3d#Passw0rd' },
    });
    expect(wrong.error?.code).toBe('PASSWORD_INCORRECT');
    const changed = await client.POST('/auth/change-password', {
      params: { header: { 'X-Id-Token': tokens.idToken } },
      body: { currentPassword: PASSWORD, newPassword: 'Chang3d#Passw0rd' },
    });
    expect(changed.response.status).toBe(204);
    // A password change ends every session, this one too: the app signs in again with the new password.
    expect((await client.GET('/auth/session')).error?.code).toBe('TOKEN_REVOKED');

    use(undefined);
    const again = await client.POST('/auth/sign-in', { body: { username, password: 'Chang3d#Passw0rd' } });
    expect(again.data?.status).toBe('AUTHENTICATED');
    tokens = again.data!.tokens!;
    use(tokens.accessToken);

    const signedOut = await client.POST('/auth/sign-out', {
      params: { header: { 'X-Id-Token': tokens.idToken } },
    });
    expect(signedOut.response.status).toBe(204);
    const after = await client.GET('/auth/session');
    expect(after.response.status).toBe(401);
    expect(after.error?.code).toBe('TOKEN_REVOKED');
  });

  it('Admin: create, get, list with a filter, disable, enable, groups add/remove, delete', async () => {
    const { client, use } = signedInClient();
    const admin = await client.POST('/auth/sign-in', {
      body: { username: ADMIN_USERNAME, password: ADMIN_PASSWORD },
    });
    use(admin.data!.tokens!.accessToken);
    const username = uniqueUsername('managed');
    const user = { params: { path: { username } } };

    const created = await client.POST('/admin/users', {
      body: {
        username,
        email: `${username}@example.com`,
        temporaryPassword: TEMP_PASSWORD,
        sendInvitation: false,
      },
    });
    expect(created.response.status).toBe(201);
    expect(created.data).toMatchObject({ username, status: 'FORCE_CHANGE_PASSWORD', enabled: true });

    const fetched = await client.GET('/admin/users/{username}', user);
    expect(fetched.data).toMatchObject({ username, email: `${username}@example.com` });

    const listed = await client.GET('/admin/users', {
      params: { query: { username: username.slice(0, 12) } },
    });
    expect(listed.data?.users.map((u) => u.username)).toEqual([username]);

    expect((await client.POST('/admin/users/{username}/disable', user)).response.status).toBe(204);
    expect((await client.GET('/admin/users/{username}', user)).data?.enabled).toBe(false);
    expect((await client.POST('/admin/users/{username}/enable', user)).response.status).toBe(204);
    expect((await client.GET('/admin/users/{username}', user)).data?.enabled).toBe(true);

    const group = `client-${username.slice(-8)}`;
    expect((await client.POST('/admin/groups', { body: { name: group } })).response.status).toBe(201);
    const membership = { params: { path: { username, group } } };
    expect((await client.PUT('/admin/users/{username}/groups/{group}', membership)).response.status).toBe(
      204,
    );
    const groups = await client.GET('/admin/users/{username}/groups', user);
    expect(groups.data?.map((g) => g.name)).toEqual([group]);
    expect((await client.DELETE('/admin/users/{username}/groups/{group}', membership)).response.status).toBe(
      204,
    );
    expect((await client.GET('/admin/users/{username}/groups', user)).data).toEqual([]);

    expect((await client.DELETE('/admin/users/{username}', user)).response.status).toBe(204);
    const gone = await client.GET('/admin/users/{username}', user);
    expect(gone.response.status).toBe(404);
    expect(gone.error?.code).toBe('USER_NOT_FOUND');
  });
});
