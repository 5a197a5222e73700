import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { useStack } from '../support/harness';

describe('admin: groups and memberships (real HTTP, local Cognito)', () => {
  const stack = useStack();

  async function seedUser(username: string): Promise<void> {
    await stack.sdk.send(
      new AdminCreateUserCommand({
        UserPoolId: stack.cognito.userPoolId,
        Username: username,
        // an invited user (FORCE_CHANGE_PASSWORD): without one the pool creates a passwordless user
        TemporaryPassword: 'Temp#Passw0rd',
        MessageAction: 'SUPPRESS',
        UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
      }),
    );
  }

  async function seedGroup(name: string): Promise<void> {
    const res = await stack.gateway.post('/admin/groups', { token: stack.adminToken, body: { name } });
    expect(res.status).toBe(201);
  }

  const names = (items: { name?: string; username?: string }[]) => items.map((i) => i.name ?? i.username);

  async function walk(path: string, key: 'groups' | 'users', limit: number) {
    const pages: string[][] = [];
    let token: string | undefined;
    do {
      const tokenPart = token ? `&paginationToken=${encodeURIComponent(token)}` : '';
      const res = await stack.gateway.get(`${path}?limit=${limit}${tokenPart}`, { token: stack.adminToken });
      expect(res.status).toBe(200);
      expect(res.body[key].length).toBeLessThanOrEqual(limit);
      pages.push(names(res.body[key]) as string[]);
      token = res.body.paginationToken;
      expect(pages.length).toBeLessThan(100);
    } while (token);
    return { pages, all: pages.flat() };
  }

  describe('POST /admin/groups (createGroup)', () => {
    it('creates a group with description and precedence', async () => {
      const res = await stack.gateway.post('/admin/groups', {
        token: stack.adminToken,
        body: { name: 'editors', description: 'Publish articles', precedence: 5 },
      });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        name: 'editors',
        description: 'Publish articles',
        precedence: 5,
        createdAt: expect.stringMatching(/Z$/),
        updatedAt: expect.stringMatching(/Z$/),
      });
    });

    it('is 409 GROUP_EXISTS for a taken name, and the existing group keeps its members', async () => {
      await seedGroup('keepers');
      await seedUser('kept');
      await stack.sdk.send(
        new AdminAddUserToGroupCommand({
          UserPoolId: stack.cognito.userPoolId,
          Username: 'kept',
          GroupName: 'keepers',
        }),
      );
      const res = await stack.gateway.post('/admin/groups', {
        token: stack.adminToken,
        body: { name: 'keepers' },
      });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('GROUP_EXISTS');
      const members = await stack.gateway.get('/admin/groups/keepers/users', { token: stack.adminToken });
      expect(names(members.body.users)).toEqual(['kept']);
    });

    it.each([
      { name: '' },
      { name: 'has space' },
      { name: 'g', precedence: -1 },
      { name: 'g', extra: 1 },
      {},
    ])('is 400 VALIDATION_FAILED for %j', async (body) => {
      const res = await stack.gateway.post('/admin/groups', { token: stack.adminToken, body });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    });
  });

  describe('GET /admin/groups (listGroups)', () => {
    it('pages through every group in more than two pages with no duplicate and no gap', async () => {
      for (const name of ['list-a', 'list-b', 'list-c', 'list-d', 'list-e']) await seedGroup(name);
      const everyone = (await walk('/admin/groups', 'groups', 60)).all;
      expect(everyone).toEqual(expect.arrayContaining(['admin', 'list-a', 'list-e']));
      const { pages, all } = await walk('/admin/groups', 'groups', 2);
      expect(pages.length).toBeGreaterThan(2);
      expect(new Set(all).size).toBe(all.length);
      expect([...all].sort()).toEqual([...everyone].sort());
    });

    it.each(['limit=0', 'limit=61', 'email=x'])('is 400 for ?%s', async (query) => {
      const res = await stack.gateway.get(`/admin/groups?${query}`, { token: stack.adminToken });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    });
  });

  describe('memberships: PUT / DELETE /admin/users/{username}/groups/{group}', () => {
    it('adds (idempotently) and removes a member', async () => {
      await seedGroup('writers');
      await seedUser('wanda');
      const put = () =>
        stack.gateway.request('PUT', '/admin/users/wanda/groups/writers', { token: stack.adminToken });
      expect((await put()).status).toBe(204);
      expect((await put()).status).toBe(204);
      expect(
        names((await stack.gateway.get('/admin/users/wanda/groups', { token: stack.adminToken })).body),
      ).toEqual(['writers']);

      const del = await stack.gateway.request('DELETE', '/admin/users/wanda/groups/writers', {
        token: stack.adminToken,
      });
      expect(del.status).toBe(204);
      expect(
        (await stack.gateway.get('/admin/users/wanda/groups', { token: stack.adminToken })).body,
      ).toEqual([]);
    });

    it.each([
      ['PUT', '/admin/users/nobody/groups/writers', 'USER_NOT_FOUND'],
      ['PUT', '/admin/users/wanda/groups/no-such-group', 'GROUP_NOT_FOUND'],
      ['DELETE', '/admin/users/nobody/groups/writers', 'USER_NOT_FOUND'],
      ['DELETE', '/admin/users/wanda/groups/no-such-group', 'GROUP_NOT_FOUND'],
    ])('%s %s is 404 %s', async (method, path, code) => {
      const res = await stack.gateway.request(method, path, { token: stack.adminToken });
      expect(res.status).toBe(404);
      expect(res.body.code).toBe(code);
    });
  });

  describe('GET /admin/groups/{group}/users (listUsersInGroup)', () => {
    it('pages through the members in more than two pages with no duplicate and no gap', async () => {
      await seedGroup('crowd');
      const members = ['crowd-1', 'crowd-2', 'crowd-3', 'crowd-4', 'crowd-5'];
      for (const member of members) {
        await seedUser(member);
        expect(
          (
            await stack.gateway.request('PUT', `/admin/users/${member}/groups/crowd`, {
              token: stack.adminToken,
            })
          ).status,
        ).toBe(204);
      }
      const { pages, all } = await walk('/admin/groups/crowd/users', 'users', 2);
      expect(pages.length).toBe(3);
      expect(new Set(all).size).toBe(all.length);
      expect([...all].sort()).toEqual(members);
      const first = await stack.gateway.get('/admin/groups/crowd/users?limit=1', { token: stack.adminToken });
      expect(first.body.users[0]).toMatchObject({ username: 'crowd-1', status: 'FORCE_CHANGE_PASSWORD' });
    });

    it('is 404 GROUP_NOT_FOUND for an unknown group', async () => {
      const res = await stack.gateway.get('/admin/groups/no-such-group/users', { token: stack.adminToken });
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('GROUP_NOT_FOUND');
    });
  });

  describe('DELETE /admin/groups/{group} (deleteGroup)', () => {
    it('deletes a group; a second delete is 404', async () => {
      await seedGroup('doomed');
      expect(
        (await stack.gateway.request('DELETE', '/admin/groups/doomed', { token: stack.adminToken })).status,
      ).toBe(204);
      const again = await stack.gateway.request('DELETE', '/admin/groups/doomed', {
        token: stack.adminToken,
      });
      expect(again.status).toBe(404);
      expect(again.body.code).toBe('GROUP_NOT_FOUND');
      expect((await walk('/admin/groups', 'groups', 60)).all).not.toContain('doomed');
    });
  });
});
