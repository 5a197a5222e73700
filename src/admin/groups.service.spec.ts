import { AppConfig } from '../config/app-config';
import { validateEnv } from '../config/env.validation';
import { FakeCognitoAdminApi } from './cognito-admin-api.fake';
import { GroupsService } from './groups.service';

describe('GroupsService', () => {
  const config = new AppConfig(validateEnv({ ADMIN_GROUP: 'Admins' }));
  let pool: FakeCognitoAdminApi;
  let groups: GroupsService;

  beforeEach(() => {
    pool = new FakeCognitoAdminApi();
    groups = new GroupsService(pool.api, config);
  });

  it('refuses to delete the configured admin group (names are case-sensitive)', async () => {
    pool.addGroup('Admins');
    pool.addGroup('admins');
    await expect(groups.deleteGroup('Admins')).rejects.toMatchObject({ code: 'SELF_LOCKOUT' });
    await groups.deleteGroup('admins');
    expect([...pool.groups.keys()]).toEqual(['Admins']);
  });

  it('deleting a group that does not exist is 404 GROUP_NOT_FOUND', async () => {
    await expect(groups.deleteGroup('nope')).rejects.toMatchObject({ code: 'GROUP_NOT_FOUND' });
  });

  it('creates a group when none has the name', async () => {
    await expect(groups.createGroup({ name: 'editors', precedence: 2 })).resolves.toEqual({
      name: 'editors',
      precedence: 2,
    });
    expect(pool.groups.get('editors')).toMatchObject({ GroupName: 'editors', Precedence: 2 });
  });

  it('answers 409 GROUP_EXISTS and keeps the existing group and its members', async () => {
    pool.addGroup('editors', { Description: 'the first' });
    pool.addUser('alice', {}, ['editors']);
    await expect(groups.createGroup({ name: 'editors', description: 'a second' })).rejects.toMatchObject({
      code: 'GROUP_EXISTS',
    });
    expect(pool.groups.get('editors')?.Description).toBe('the first');
    expect(pool.user('alice')!.groups.has('editors')).toBe(true);
  });

  it('lists groups page by page', async () => {
    for (const name of ['a', 'b', 'c']) pool.addGroup(name, { Description: `group ${name}` });
    const first = await groups.listGroups({ limit: 2 });
    expect(first.groups).toEqual([
      { name: 'a', description: 'group a' },
      { name: 'b', description: 'group b' },
    ]);
    await expect(groups.listGroups({ limit: 2, paginationToken: first.paginationToken })).resolves.toEqual({
      groups: [{ name: 'c', description: 'group c' }],
    });
  });

  it('lists a group’s members page by page; a missing group is 404 GROUP_NOT_FOUND', async () => {
    pool.addUser('alice', {}, ['editors']);
    pool.addUser('bob', {}, ['editors']);
    pool.addUser('carol');
    await expect(groups.listUsersInGroup('nope', {})).rejects.toMatchObject({ code: 'GROUP_NOT_FOUND' });
    const first = await groups.listUsersInGroup('editors', { limit: 1 });
    expect(first.users.map((user) => user.username)).toEqual(['alice']);
    const second = await groups.listUsersInGroup('editors', { paginationToken: first.paginationToken });
    expect(second.users.map((user) => user.username)).toEqual(['bob']);
    expect(second.paginationToken).toBeUndefined();
  });
});
