import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { ADMIN_USERNAME, cognitoTokens, useStack } from '../support/harness';
import { ADMIN_OPERATION_IDS } from '../support/contract';

interface Route {
  method: string;
  path: string;
  url: string;
  operation: {
    operationId: string;
    tags: string[];
    security: unknown;
    responses: Record<string, unknown>;
    parameters?: { name: string; in: string; schema?: { enum?: string[]; $ref?: string } }[];
  };
}

/** An empty JSON body where a method can carry one: the guards must answer before validation. */
const bodyFor = (route: Route) => (route.method === 'GET' || route.method === 'DELETE' ? undefined : {});

describe('admin: access rules and self-lockout (real HTTP, local Cognito)', () => {
  let member: string;
  let routes: Route[];
  let document: any;

  const stack = useStack();

  beforeAll(async () => {
    const UserPoolId = stack.cognito.userPoolId;
    await stack.sdk.send(
      new AdminCreateUserCommand({
        UserPoolId,
        Username: 'member',
        MessageAction: 'SUPPRESS',
        UserAttributes: [{ Name: 'email', Value: 'member@example.com' }],
      }),
    );
    await stack.sdk.send(
      new AdminSetUserPasswordCommand({
        UserPoolId,
        Username: 'member',
        Password: 'Member#Pass1',
        Permanent: true,
      }),
    );
    member = (await cognitoTokens(stack.cognito, 'member', 'Member#Pass1')).accessToken;

    document = (await stack.gateway.get('/docs-json')).body;
    routes = Object.entries(document.paths as Record<string, Record<string, Route['operation']>>)
      .filter(([path]) => path.startsWith('/admin'))
      .flatMap(([path, item]) =>
        Object.entries(item).map(([method, operation]) => ({
          method: method.toUpperCase(),
          path,
          // Dummy values: the guards must answer before anything looks the user or group up.
          url: path.replace(/\{[^}]+\}/g, (param) => (param === '{group}' ? 'some-group' : 'someone')),
          operation,
        })),
      );
  });

  it('the served document lists exactly the Admin table, tagged admin, bearer-secured, errors declared', () => {
    expect(routes.map((r) => r.operation.operationId).sort()).toEqual([...ADMIN_OPERATION_IDS].sort());
    for (const { operation } of routes) {
      expect(operation.tags).toEqual(['admin']);
      expect(operation.security).toEqual([{ bearer: [] }]);
      for (const status of ['400', '401', '403', '429', '503'])
        expect(operation.responses[status]).toBeDefined();
    }
    const byId = Object.fromEntries(routes.map((r) => [r.operation.operationId, r]));
    expect(`${byId.getUser.method} ${byId.getUser.path}`).toBe('GET /admin/users/{username}');
    expect(`${byId.addUserToGroup.method} ${byId.addUserToGroup.path}`).toBe(
      'PUT /admin/users/{username}/groups/{group}',
    );
    expect(byId.deleteUser.operation.responses['409']).toBeDefined();
    expect(byId.getUser.operation.responses['404']).toBeDefined();
    expect(document.components.schemas.UserStatus.enum).toContain('FORCE_CHANGE_PASSWORD');
    expect(document.components.schemas.ErrorCode.enum).toContain('SELF_LOCKOUT');
    expect(byId.listUsers.operation.parameters?.map((p) => p.name).sort()).toEqual(
      ['email', 'limit', 'paginationToken', 'status', 'username'].sort(),
    );
  });

  it('every admin route is 401 without a token', async () => {
    expect(routes.length).toBe(ADMIN_OPERATION_IDS.length);
    for (const route of routes) {
      const res = await stack.gateway.request(route.method, route.url, { body: bodyFor(route) });
      expect({ route: `${route.method} ${route.url}`, status: res.status, code: res.body?.code }).toEqual({
        route: `${route.method} ${route.url}`,
        status: 401,
        code: 'TOKEN_MISSING',
      });
    }
  });

  it('every admin route is 403 for a signed-in user outside the admin group', async () => {
    for (const route of routes) {
      const res = await stack.gateway.request(route.method, route.url, {
        token: member,
        body: bodyFor(route),
      });
      expect({ route: `${route.method} ${route.url}`, status: res.status, code: res.body?.code }).toEqual({
        route: `${route.method} ${route.url}`,
        status: 403,
        code: 'FORBIDDEN',
      });
    }
  });

  describe('an admin cannot lock the platform out', () => {
    it.each([
      ['delete yourself', 'DELETE', `/admin/users/${ADMIN_USERNAME}`],
      ['disable yourself', 'POST', `/admin/users/${ADMIN_USERNAME}/disable`],
      ['remove yourself from the admin group', 'DELETE', `/admin/users/${ADMIN_USERNAME}/groups/admin`],
      ['delete the admin group', 'DELETE', '/admin/groups/admin'],
    ])('refuses to %s with 409 SELF_LOCKOUT', async (_what, method, url) => {
      const res = await stack.gateway.request(method, url, { token: stack.adminToken });
      expect(res.status).toBe(409);
      expect(res.body).toEqual({ statusCode: 409, code: 'SELF_LOCKOUT', message: expect.any(String) });
    });

    it('and after those attempts the admin is still enabled, in the admin group, and signed in', async () => {
      const me = await stack.gateway.get(`/admin/users/${ADMIN_USERNAME}`, { token: stack.adminToken });
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ enabled: true, groups: expect.arrayContaining(['admin']) });
      const members = await stack.gateway.get('/admin/groups/admin/users', { token: stack.adminToken });
      expect(members.body.users.map((u: { username: string }) => u.username)).toContain(ADMIN_USERNAME);
    });

    it('may still remove someone else from the admin group, and leave another group', async () => {
      expect(
        (await stack.gateway.request('PUT', '/admin/users/member/groups/admin', { token: stack.adminToken }))
          .status,
      ).toBe(204);
      expect(
        (
          await stack.gateway.request('DELETE', '/admin/users/member/groups/admin', {
            token: stack.adminToken,
          })
        ).status,
      ).toBe(204);
      expect(
        (await stack.gateway.post('/admin/groups', { token: stack.adminToken, body: { name: 'temp' } }))
          .status,
      ).toBe(201);
      expect(
        (
          await stack.gateway.request('PUT', `/admin/users/${ADMIN_USERNAME}/groups/temp`, {
            token: stack.adminToken,
          })
        ).status,
      ).toBe(204);
      const leave = await stack.gateway.request('DELETE', `/admin/users/${ADMIN_USERNAME}/groups/temp`, {
        token: stack.adminToken,
      });
      expect(leave.status).toBe(204);
    });
  });
});
