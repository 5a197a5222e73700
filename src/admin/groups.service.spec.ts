import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { CognitoSettings } from '../cognito/cognito-settings';
import { AppConfig } from '../config/app-config';
import { validateEnv } from '../config/env.validation';
import { GroupsService } from './groups.service';

describe('GroupsService', () => {
  const settings = new CognitoSettings('us-east-1', 'us-east-1_Pool', 'client', undefined, undefined);
  const config = new AppConfig(validateEnv({ ADMIN_GROUP: 'Admins' }));

  function service(answers: Record<string, (input: Record<string, unknown>) => unknown>) {
    const sent: string[] = [];
    const client = {
      send: jest.fn((command: { constructor: { name: string }; input: Record<string, unknown> }) => {
        const name = command.constructor.name.replace(/Command$/, '');
        sent.push(name);
        const answer = answers[name];
        return answer
          ? Promise.resolve().then(() => answer(command.input))
          : Promise.reject(new Error(`unexpected ${name}`));
      }),
    };
    return {
      groups: new GroupsService(client as unknown as CognitoIdentityProviderClient, settings, config),
      sent,
    };
  }

  const notFound = () => {
    throw Object.assign(new Error('Group not found'), { name: 'ResourceNotFoundException' });
  };

  it('refuses to delete the configured admin group (names are case-sensitive)', async () => {
    const { groups, sent } = service({ DeleteGroup: () => ({}) });
    await expect(groups.deleteGroup('Admins')).rejects.toMatchObject({
      code: 'SELF_LOCKOUT',
    });
    expect(sent).toEqual([]);
    await groups.deleteGroup('admins');
    expect(sent).toEqual(['DeleteGroup']);
  });

  it('creates a group only when none has the name', async () => {
    const { groups, sent } = service({
      GetGroup: notFound,
      CreateGroup: (input) => ({ Group: { GroupName: input.GroupName, Precedence: input.Precedence } }),
    });
    await expect(groups.createGroup({ name: 'editors', precedence: 2 })).resolves.toEqual({
      name: 'editors',
      precedence: 2,
    });
    expect(sent).toEqual(['GetGroup', 'CreateGroup']);
  });

  it('answers 409 GROUP_EXISTS without sending CreateGroup when the group exists', async () => {
    const { groups, sent } = service({ GetGroup: () => ({ Group: { GroupName: 'editors' } }) });
    await expect(groups.createGroup({ name: 'editors' })).rejects.toMatchObject({
      code: 'GROUP_EXISTS',
    });
    expect(sent).toEqual(['GetGroup']);
  });

  it('maps a missing group to 404 GROUP_NOT_FOUND and passes NextToken through as paginationToken', async () => {
    const { groups } = service({
      ListUsersInGroup: (input) => {
        if (input.GroupName === 'nope') notFound();
        return { Users: [], NextToken: 'n2' };
      },
    });
    await expect(groups.listUsersInGroup('nope', {})).rejects.toMatchObject({
      code: 'GROUP_NOT_FOUND',
    });
    await expect(groups.listUsersInGroup('editors', { limit: 1 })).resolves.toEqual({
      users: [],
      paginationToken: 'n2',
    });
  });
});
