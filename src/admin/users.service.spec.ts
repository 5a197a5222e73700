import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { Logger } from '@nestjs/common';
import { RevocationStore } from '../revocation/revocation.store';
import { DomainError } from '../common/domain-error';
import { CognitoSettings } from '../cognito/cognito-settings';
import { AppConfig } from '../config/app-config';
import { validateEnv } from '../config/env.validation';
import { UsersService } from './users.service';

type Handler = (input: Record<string, unknown>) => unknown;

const cognitoError = (name: string, message = name) => Object.assign(new Error(message), { name });

/** A stand-in for the SDK client: answers each command by its name, and records every call. */
function fakeCognito(handlers: Record<string, Handler>) {
  const calls: { command: string; input: Record<string, unknown> }[] = [];
  const client = {
    send: jest.fn((command: { constructor: { name: string }; input: Record<string, unknown> }) => {
      const name = command.constructor.name.replace(/Command$/, '');
      calls.push({ command: name, input: command.input });
      const handler = handlers[name];
      return handler
        ? Promise.resolve().then(() => handler(command.input))
        : Promise.reject(new Error(`unexpected ${name}`));
    }),
  };
  return { client: client as unknown as CognitoIdentityProviderClient, calls };
}

const record = (username: string, sub: string) => ({
  Username: username,
  UserAttributes: [{ Name: 'sub', Value: sub }],
  UserStatus: 'CONFIRMED',
  Enabled: true,
});

describe('UsersService', () => {
  const settings = new CognitoSettings('us-east-1', 'us-east-1_Pool', 'client', undefined, undefined);
  const config = new AppConfig(validateEnv({ ADMIN_GROUP: 'admin' }));
  let revocations: { revokeUserNow: jest.Mock };

  beforeEach(() => {
    revocations = { revokeUserNow: jest.fn().mockResolvedValue(undefined) };
  });

  const service = (handlers: Record<string, Handler>) => {
    const fake = fakeCognito(handlers);
    return {
      users: new UsersService(fake.client, settings, config, revocations as unknown as RevocationStore),
      calls: fake.calls,
    };
  };

  const pool = { UserPool: { Policies: { PasswordPolicy: { MinimumLength: 20 } } } };

  describe('createUser', () => {
    it('generates a policy-satisfying password, suppresses the invitation on request, adds the groups', async () => {
      const { users, calls } = service({
        DescribeUserPool: () => pool,
        GetGroup: () => ({}),
        AdminCreateUser: (input) => ({
          User: { Username: input.Username, Attributes: input.UserAttributes },
        }),
        AdminAddUserToGroup: () => ({}),
      });
      const user = await users.createUser({
        username: 'carol',
        email: 'carol@example.com',
        attributes: { email_verified: 'true' },
        groups: ['editors'],
        sendInvitation: false,
      });
      const create = calls.find((c) => c.command === 'AdminCreateUser')!.input;
      expect(create.MessageAction).toBe('SUPPRESS');
      expect((create.TemporaryPassword as string).length).toBeGreaterThanOrEqual(20);
      expect(create.UserAttributes).toEqual([
        { Name: 'email', Value: 'carol@example.com' },
        { Name: 'email_verified', Value: 'true' },
      ]);
      expect(calls.filter((c) => c.command === 'AdminAddUserToGroup').map((c) => c.input.GroupName)).toEqual([
        'editors',
      ]);
      expect(user).toMatchObject({ username: 'carol', emailVerified: true, groups: ['editors'] });
    });

    it('invites by email by default and uses the admin’s temporary password', async () => {
      const { users, calls } = service({
        DescribeUserPool: () => pool,
        AdminCreateUser: (input) => ({ User: { Username: input.Username } }),
      });
      await users.createUser({
        username: 'dave',
        email: 'dave@example.com',
        temporaryPassword: 'Given#Pass1',
      });
      const create = calls.find((c) => c.command === 'AdminCreateUser')!.input;
      expect(create.MessageAction).toBeUndefined();
      expect(create.DesiredDeliveryMediums).toEqual(['EMAIL']);
      expect(create.TemporaryPassword).toBe('Given#Pass1');
    });

    it('refuses an unknown group before creating anything', async () => {
      const { users, calls } = service({
        DescribeUserPool: () => pool,
        GetGroup: () => {
          throw cognitoError('ResourceNotFoundException', 'Group not found');
        },
      });
      await expect(
        users.createUser({ username: 'erin', email: 'erin@example.com', groups: ['nope'] }),
      ).rejects.toMatchObject({ code: 'GROUP_NOT_FOUND' });
      expect(calls.map((c) => c.command)).not.toContain('AdminCreateUser');
    });

    it('rolls the user back when a group cannot be added after creation', async () => {
      const { users, calls } = service({
        DescribeUserPool: () => pool,
        GetGroup: () => ({}),
        AdminCreateUser: (input) => ({ User: { Username: input.Username } }),
        AdminAddUserToGroup: (input) => {
          if (input.GroupName === 'b') throw cognitoError('ResourceNotFoundException', 'Group not found');
          return {};
        },
        AdminDeleteUser: () => ({}),
      });
      const failure = users.createUser({ username: 'fay', email: 'fay@example.com', groups: ['a', 'b'] });
      await expect(failure).rejects.toMatchObject({ code: 'GROUP_NOT_FOUND' });
      await expect(failure).rejects.toThrow(/"b".*not created/);
      expect(calls.find((c) => c.command === 'AdminDeleteUser')?.input.Username).toBe('fay');
    });

    it('says so when the rollback fails too', async () => {
      jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
      const { users } = service({
        DescribeUserPool: () => pool,
        GetGroup: () => ({}),
        AdminCreateUser: (input) => ({ User: { Username: input.Username } }),
        AdminAddUserToGroup: () => {
          throw cognitoError('InternalErrorException');
        },
        AdminDeleteUser: () => {
          throw cognitoError('InternalErrorException');
        },
      });
      await expect(
        users.createUser({ username: 'gus', email: 'gus@example.com', groups: ['a'] }),
      ).rejects.toThrow(/was created but could not be added to group "a" nor removed/);
    });

    it('refuses attributes the pool lacks, without calling AdminCreateUser', async () => {
      const { users, calls } = service({ DescribeUserPool: () => pool });
      await expect(
        users.createUser({ username: 'hal', email: 'hal@example.com', attributes: { 'custom:x': '1' } }),
      ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(calls.map((c) => c.command)).toEqual(['DescribeUserPool']);
    });

    it('asks DescribeUserPool once for many creations', async () => {
      const { users, calls } = service({
        DescribeUserPool: () => pool,
        AdminCreateUser: (input) => ({ User: { Username: input.Username } }),
      });
      for (const name of ['u1', 'u2', 'u3'])
        await users.createUser({ username: name, email: `${name}@x.io` });
      expect(calls.filter((c) => c.command === 'DescribeUserPool')).toHaveLength(1);
    });
  });

  describe('self-lockout', () => {
    const handlers = {
      AdminGetUser: (input: Record<string, unknown>) =>
        record(input.Username as string, input.Username === 'me' ? 'sub-me' : 'sub-other'),
      AdminDeleteUser: () => ({}),
      AdminDisableUser: () => ({}),
      AdminRemoveUserFromGroup: () => ({}),
    };
    const me = { sub: 'sub-me' };

    it.each([
      ['delete', (u: UsersService) => u.deleteUser('me', me)],
      ['disable', (u: UsersService) => u.disableUser('me', me)],
      ['leave the admin group', (u: UsersService) => u.removeUserFromGroup('me', 'admin', me)],
    ])('refuses to %s yourself with 409 SELF_LOCKOUT, calling nothing that changes', async (_n, run) => {
      const { users, calls } = service(handlers);
      await expect(run(users)).rejects.toMatchObject({ code: 'SELF_LOCKOUT' });
      expect(calls.map((c) => c.command)).toEqual(['AdminGetUser']);
      expect(revocations.revokeUserNow).not.toHaveBeenCalled();
    });

    it('lets you leave another group, without looking yourself up', async () => {
      const { users, calls } = service(handlers);
      await users.removeUserFromGroup('me', 'editors', me);
      expect(calls.map((c) => c.command)).toEqual(['AdminRemoveUserFromGroup']);
    });

    it('deleting or disabling someone else also refuses their access tokens from now on', async () => {
      const { users } = service(handlers);
      await users.deleteUser('other', me);
      await users.disableUser('other', me);
      expect(revocations.revokeUserNow.mock.calls).toEqual([['sub-other'], ['sub-other']]);
    });
  });

  it('signOutUser signs out at Cognito, then revokes the user’s access tokens by sub', async () => {
    const { users, calls } = service({
      AdminGetUser: (input) => record(input.Username as string, 'sub-bob'),
      AdminUserGlobalSignOut: () => ({}),
    });
    await users.signOutUser('bob');
    expect(calls.map((c) => c.command)).toEqual(['AdminGetUser', 'AdminUserGlobalSignOut']);
    expect(revocations.revokeUserNow).toHaveBeenCalledWith('sub-bob');
  });

  it('signOutUser of an unknown user is 404 and revokes nothing', async () => {
    const { users } = service({
      AdminGetUser: () => {
        throw cognitoError('UserNotFoundException', 'User does not exist.');
      },
    });
    await expect(users.signOutUser('ghost')).rejects.toMatchObject({
      code: 'USER_NOT_FOUND',
    });
    expect(revocations.revokeUserNow).not.toHaveBeenCalled();
  });

  it('getUser collects every page of the user’s groups', async () => {
    const { users } = service({
      AdminGetUser: (input) => record(input.Username as string, 'sub-1'),
      AdminListGroupsForUser: (input) =>
        input.NextToken
          ? { Groups: [{ GroupName: 'b' }] }
          : { Groups: [{ GroupName: 'a' }], NextToken: 'next' },
    });
    expect((await users.getUser('alice')).groups).toEqual(['a', 'b']);
  });

  it('listUsers passes paging through and sends one escaped filter', async () => {
    const { users, calls } = service({
      ListUsers: () => ({ Users: [record('alice', 's')], PaginationToken: 'opaque' }),
    });
    const page = await users.listUsers({ limit: 2, paginationToken: 'prev', username: 'a"' });
    expect(calls[0].input).toMatchObject({ Limit: 2, PaginationToken: 'prev', Filter: 'username ^= "a\\""' });
    expect(page.paginationToken).toBe('opaque');
    expect(page.users.map((u) => u.username)).toEqual(['alice']);
  });

  it('maps Cognito errors through the one table', async () => {
    const { users } = service({
      AdminSetUserPassword: () => {
        throw cognitoError('InvalidPasswordException', 'Password does not conform to policy: too short');
      },
    });
    const failure = users.setUserPassword('alice', 'short', true);
    await expect(failure).rejects.toBeInstanceOf(DomainError);
    await expect(failure).rejects.toMatchObject({ code: 'INVALID_PASSWORD' });
  });
});
