import { TEMP_PASSWORD, PASSWORD } from '../support/auth-helpers';
import { useStack } from '../support/harness';

const NAMES = ['constructor', '__proto__', 'toString'] as const;

/**
 * Usernames and group names that are Object.prototype members are ordinary names all the way through:
 * made, listed, joined, signed in with (their groups in the token), and deleted, through the admin routes.
 */
describe('admin: names equal to Object.prototype members', () => {
  const stack = useStack();
  const as = { token: '' };
  beforeAll(() => (as.token = stack.adminToken));

  it.each(NAMES)('%s as a username and a group name', async (name) => {
    const group = await stack.gateway.post('/admin/groups', { ...as, body: { name, description: name } });
    expect([group.status, group.body.name]).toEqual([201, name]);
    const created = await stack.gateway.post('/admin/users', {
      ...as,
      body: {
        username: name,
        email: `${name.replace(/_/g, 'u')}@example.com`,
        temporaryPassword: TEMP_PASSWORD,
      },
    });
    expect([created.status, created.body.username, created.body.status]).toEqual([
      201,
      name,
      'FORCE_CHANGE_PASSWORD',
    ]);
    const joined = await stack.gateway.request('PUT', `/admin/users/${name}/groups/${name}`, as);
    expect(joined.status).toBe(204);

    const listed = await stack.gateway.get(`/admin/users?username=${encodeURIComponent(name)}`, as);
    expect(listed.body.users.map((u: { username: string }) => u.username)).toEqual([name]);
    const groups = await stack.gateway.get('/admin/groups?limit=60', as);
    expect(groups.body.groups.map((g: { name: string }) => g.name)).toContain(name);
    const members = await stack.gateway.get(`/admin/groups/${name}/users`, as);
    expect(members.body.users.map((u: { username: string }) => u.username)).toEqual([name]);
    const ofUser = await stack.gateway.get(`/admin/users/${name}/groups`, as);
    expect(ofUser.body.map((g: { name: string }) => g.name)).toEqual([name]);
    const user = await stack.gateway.get(`/admin/users/${name}`, as);
    expect([user.body.username, user.body.groups]).toEqual([name, [name]]);

    const first = await stack.gateway.post('/auth/sign-in', {
      body: { username: name, password: TEMP_PASSWORD },
    });
    expect(first.body.challenge.name).toBe('NEW_PASSWORD_REQUIRED');
    const answered = await stack.gateway.post('/auth/challenges/new-password', {
      body: { username: name, session: first.body.challenge.session, newPassword: PASSWORD },
    });
    expect(answered.body.status).toBe('AUTHENTICATED');
    const session = await stack.gateway.get('/auth/session', { token: answered.body.tokens.accessToken });
    expect([session.body.username, session.body.groups]).toEqual([name, [name]]);

    expect((await stack.gateway.request('DELETE', `/admin/users/${name}/groups/${name}`, as)).status).toBe(
      204,
    );
    expect((await stack.gateway.request('DELETE', `/admin/users/${name}`, as)).status).toBe(204);
    expect((await stack.gateway.request('DELETE', `/admin/groups/${name}`, as)).status).toBe(204);
    expect((await stack.gateway.get(`/admin/users/${name}`, as)).body.code).toBe('USER_NOT_FOUND');
    expect((await stack.gateway.get(`/admin/groups/${name}/users`, as)).body.code).toBe('GROUP_NOT_FOUND');
  });
});
