import { Logger } from '@nestjs/common';
import { MemoryRevocationStore } from '../revocation/memory-revocation.store';
import { AppConfig } from '../config/app-config';
import { validateEnv } from '../config/env.validation';
import { cognitoFailure, FakeCognitoAdminApi } from './cognito-admin-api.fake';
import {
  POOL_DESCRIPTION_RETRY_MS,
  POOL_DESCRIPTION_TTL_MS,
  PoolDescriptionCache,
} from '../cognito/pool-description.cache';
import { PasswordPolicySource } from '../cognito/password-policy';
import { UsersService } from './users.service';

describe('UsersService', () => {
  const config = new AppConfig(validateEnv({ ADMIN_GROUP: 'admin' }));
  let pool: FakeCognitoAdminApi;
  let users: UsersService;
  /** Subs whose access tokens the gateway refuses from now on. */
  let revoked: string[];

  beforeEach(() => {
    pool = new FakeCognitoAdminApi();
    revoked = [];
    // The real store's order (check, change, revoke), without revokeUserNow's wait for the next second.
    const revocations = new (class extends MemoryRevocationStore {
      override revokeUserNow(sub: string): Promise<void> {
        revoked.push(sub);
        return Promise.resolve();
      }
    })();
    const description = new PoolDescriptionCache(pool.api);
    users = new UsersService(
      pool.api,
      description,
      config,
      revocations,
      new PasswordPolicySource(description),
    );
  });

  afterEach(() => jest.restoreAllMocks());

  describe('createUser', () => {
    it('passwordless: no temporary password, a verified email, on a pool that allows sign-in by code', async () => {
      pool.description.Policies = { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP'] } };
      const user = await users.createUser({ username: 'gus', email: 'gus@example.com', passwordless: true });
      expect(user).toMatchObject({ username: 'gus', status: 'CONFIRMED', emailVerified: true });
      expect(pool.invitations).toEqual([]);
    });

    it('passwordless: METHOD_NOT_AVAILABLE on a password-only pool; no temporary password with it', async () => {
      pool.description.Policies = { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD'] } };
      await expect(
        users.createUser({ username: 'hal', email: 'hal@example.com', passwordless: true }),
      ).rejects.toMatchObject({ code: 'METHOD_NOT_AVAILABLE' });
      pool.description.Policies = { SignInPolicy: { AllowedFirstAuthFactors: ['EMAIL_OTP'] } };
      await expect(
        users.createUser({
          username: 'hal',
          email: 'hal@example.com',
          passwordless: true,
          temporaryPassword: 'Temp#Passw0rd1',
        }),
      ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      await expect(users.getUser('hal')).rejects.toMatchObject({ code: 'USER_NOT_FOUND' });
    });

    it('generates a password the policy accepts, suppresses the invitation on request, adds the groups', async () => {
      pool.description.Policies = { PasswordPolicy: { MinimumLength: 20 } };
      pool.addGroup('editors');
      const user = await users.createUser({
        username: 'carol',
        email: 'carol@example.com',
        attributes: { email_verified: 'true' },
        groups: ['editors'],
        sendInvitation: false,
      });
      expect(user).toMatchObject({
        username: 'carol',
        email: 'carol@example.com',
        emailVerified: true,
        status: 'FORCE_CHANGE_PASSWORD',
        groups: ['editors'],
      });
      const stored = pool.user('carol')!;
      expect(stored.password.length).toBeGreaterThanOrEqual(20);
      expect([...stored.groups]).toEqual(['editors']);
      expect(pool.invitations).toEqual([]);
    });

    it('invites by email by default, with the admin’s temporary password', async () => {
      await users.createUser({
        username: 'dave',
        email: 'dave@example.com',
        temporaryPassword: 'Given#Pass1',
      });
      expect(pool.invitations).toEqual([{ username: 'dave', temporaryPassword: 'Given#Pass1' }]);
    });

    it('refuses an unknown group before creating anything', async () => {
      const failure = users.createUser({ username: 'erin', email: 'erin@example.com', groups: ['nope'] });
      await expect(failure).rejects.toMatchObject({ code: 'GROUP_NOT_FOUND' });
      await expect(failure).rejects.toThrow(/"nope" not found; the user was not created/);
      expect(pool.user('erin')).toBeUndefined();
      expect(pool.invitations).toEqual([]);
    });

    it('rolls the user back when a group cannot be added after creation', async () => {
      pool.addGroup('a');
      pool.addGroup('b');
      // Group b disappears between the check and the membership.
      pool.breaks(
        'addUserToGroup',
        cognitoFailure('ResourceNotFoundException'),
        (_user, group) => group === 'b',
      );
      const failure = users.createUser({ username: 'fay', email: 'fay@example.com', groups: ['a', 'b'] });
      await expect(failure).rejects.toMatchObject({ code: 'GROUP_NOT_FOUND' });
      await expect(failure).rejects.toThrow(/"b".*not created/);
      expect(pool.user('fay')).toBeUndefined();
    });

    it('says so when the rollback fails too, and the user is left for the admin to delete', async () => {
      jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
      pool.addGroup('a');
      pool.breaks('addUserToGroup', cognitoFailure('InternalErrorException'));
      pool.breaks('deleteUser', cognitoFailure('InternalErrorException'));
      const failure = users.createUser({ username: 'gus', email: 'gus@example.com', groups: ['a'] });
      await expect(failure).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryAfterSeconds: 5 });
      await expect(failure).rejects.toThrow(/was created but could not be added to group "a" nor removed/);
      expect(pool.user('gus')).toBeDefined();
    });

    it('refuses attributes the pool lacks, creating nobody', async () => {
      await expect(
        users.createUser({ username: 'hal', email: 'hal@example.com', attributes: { 'custom:x': '1' } }),
      ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(pool.user('hal')).toBeUndefined();
    });

    it('sees a new pool attribute once the cached schema has expired', async () => {
      const now = jest.spyOn(Date, 'now').mockReturnValue(1_000_000);
      pool.setSchema([{ Name: 'email' }]);
      const withTenant = (username: string) =>
        users.createUser({ username, email: `${username}@x.io`, attributes: { 'custom:tenant': 'acme' } });
      await expect(withTenant('u1')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      pool.setSchema([{ Name: 'email' }, { Name: 'custom:tenant' }]);
      await expect(withTenant('u1')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      now.mockReturnValue(1_000_000 + POOL_DESCRIPTION_TTL_MS);
      await expect(withTenant('u1')).resolves.toMatchObject({ attributes: { 'custom:tenant': 'acme' } });
    });

    it('asks the pool again a moment after a failed description', async () => {
      const now = jest.spyOn(Date, 'now').mockReturnValue(1_000_000);
      pool.breaks('describeUserPool', cognitoFailure('InternalErrorException'));
      await expect(users.createUser({ username: 'ida', email: 'ida@x.io' })).rejects.toMatchObject({
        code: 'UPSTREAM_UNAVAILABLE',
      });
      pool.breaks('describeUserPool', cognitoFailure('InternalErrorException'), () => false);
      now.mockReturnValue(1_000_000 + POOL_DESCRIPTION_RETRY_MS);
      await expect(users.createUser({ username: 'ida', email: 'ida@x.io' })).resolves.toMatchObject({
        username: 'ida',
      });
    });
  });

  describe('self-lockout', () => {
    const me = { sub: 'sub-me' };

    beforeEach(() => {
      pool.addUser('me', { sub: 'sub-me' }, ['admin']);
      pool.addUser('other', { sub: 'sub-other' }, ['admin']);
    });

    it.each([
      ['delete', (u: UsersService) => u.deleteUser('me', me)],
      ['disable', (u: UsersService) => u.disableUser('me', me)],
      ['leave the admin group', (u: UsersService) => u.removeUserFromGroup('me', 'admin', me)],
    ])('refuses to %s yourself with 409 SELF_LOCKOUT, changing nothing', async (_n, run) => {
      await expect(run(users)).rejects.toMatchObject({ code: 'SELF_LOCKOUT' });
      expect(pool.user('me')).toMatchObject({ enabled: true, groups: new Set(['admin']) });
      expect(revoked).toEqual([]);
    });

    it('refuses it whatever case the caller writes their own username in', async () => {
      await expect(users.deleteUser('ME', me)).rejects.toMatchObject({ code: 'SELF_LOCKOUT' });
      expect(pool.user('me')).toBeDefined();
    });

    it('lets you leave another group', async () => {
      pool.addGroup('editors');
      pool.user('me')!.groups.add('editors');
      await users.removeUserFromGroup('me', 'editors', me);
      expect([...pool.user('me')!.groups]).toEqual(['admin']);
    });

    it('deleting or disabling someone else also refuses their access tokens from now on', async () => {
      pool.addUser('third', { sub: 'sub-third' });
      await users.disableUser('OTHER', me);
      await users.deleteUser('third', me);
      expect(pool.user('other')!.enabled).toBe(false);
      expect(pool.user('third')).toBeUndefined();
      expect(revoked).toEqual(['sub-other', 'sub-third']);
    });

    it('removes someone else from the admin group, refusing their access tokens from now on', async () => {
      await users.removeUserFromGroup('other', 'admin', me);
      expect([...pool.user('other')!.groups]).toEqual([]);
      expect(revoked).toEqual(['sub-other']);
    });
  });

  it('signOutUser signs the user out at Cognito and refuses their access tokens', async () => {
    pool.addUser('bob', { sub: 'sub-bob' });
    await users.signOutUser('Bob');
    expect(pool.user('bob')!.signedOut).toBe(true);
    expect(revoked).toEqual(['sub-bob']);
  });

  it('signOutUser of an unknown user is 404 USER_NOT_FOUND and revokes nothing', async () => {
    await expect(users.signOutUser('ghost')).rejects.toMatchObject({ code: 'USER_NOT_FOUND' });
    expect(revoked).toEqual([]);
  });

  it('getUser answers the user with their groups', async () => {
    pool.addUser('alice', { email: 'alice@example.com' }, ['a', 'b']);
    await expect(users.getUser('alice')).resolves.toMatchObject({
      username: 'alice',
      email: 'alice@example.com',
      groups: ['a', 'b'],
    });
  });

  it('updateUser changes the attributes and answers the updated user; an unknown user is 404', async () => {
    pool.addUser('alice', { name: 'Alice' });
    await expect(users.updateUser('alice', { name: 'Alicia' })).resolves.toMatchObject({
      attributes: { name: 'Alicia' },
      groups: [],
    });
    await expect(users.updateUser('ghost', { name: 'x' })).rejects.toMatchObject({ code: 'USER_NOT_FOUND' });
  });

  it('listUsers filters by one prefix, quotes included, and pages with an opaque token', async () => {
    for (const name of ['a"1', 'a"2', 'a"3', 'bob']) pool.addUser(name);
    const first = await users.listUsers({ limit: 2, username: 'a"' });
    expect(first.users.map((u) => u.username)).toEqual(['a"1', 'a"2']);
    const second = await users.listUsers({
      limit: 2,
      username: 'a"',
      paginationToken: first.paginationToken,
    });
    expect(second).toEqual({ users: [expect.objectContaining({ username: 'a"3' })] });
  });

  it('sets a password the policy accepts, and refuses one it does not with INVALID_PASSWORD and the rules', async () => {
    pool.addUser('alice');
    await users.setUserPassword('alice', 'Long#Enough1', true);
    expect(pool.user('alice')).toMatchObject({ password: 'Long#Enough1', status: 'CONFIRMED' });
    await expect(users.setUserPassword('alice', 'short', true)).rejects.toMatchObject({
      code: 'INVALID_PASSWORD',
      message: 'Password must be at least 8 characters',
    });
  });

  it('disables, enables, resets and manages group membership of a user', async () => {
    pool.addUser('alice');
    pool.addGroup('editors');
    await users.addUserToGroup('alice', 'editors');
    await expect(users.listUserGroups('alice')).resolves.toEqual([{ name: 'editors' }]);
    await users.enableUser('alice');
    await users.resetUserPassword('alice');
    expect(pool.user('alice')).toMatchObject({ enabled: true, status: 'RESET_REQUIRED' });
    await expect(users.addUserToGroup('alice', 'nope')).rejects.toMatchObject({ code: 'GROUP_NOT_FOUND' });
    await expect(users.enableUser('ghost')).rejects.toMatchObject({ code: 'USER_NOT_FOUND' });
  });
});
