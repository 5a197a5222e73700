import {
  AdminAddUserToGroupCommand,
  AdminDeleteUserCommand,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  CreateGroupCommand,
  DeleteGroupCommand,
  GetGroupCommand,
  ListGroupsCommand,
  ListUsersCommand,
  ListUsersInGroupCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { decode, failure, PASSWORD, useEmulator } from '../support/emulator';

/**
 * Usernames and group names equal to Object.prototype members (cognito-local files users and groups in
 * objects keyed by name) behave like any other name, through the AWS SDK and identity-js.
 */
describe('local Cognito: names equal to Object.prototype members (official clients against the embedded emulator)', () => {
  const local = useEmulator();

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])('%s', async (name) => {
    const pool = { UserPoolId: local.emu.userPoolId };
    expect(await failure(local.sdk.send(new AdminGetUserCommand({ ...pool, Username: name })))).toMatchObject(
      { name: 'UserNotFoundException' },
    );
    expect(await failure(local.sdk.send(new GetGroupCommand({ ...pool, GroupName: name })))).toMatchObject({
      name: 'ResourceNotFoundException',
    });

    await local.confirmedUser(name);
    await local.sdk.send(new CreateGroupCommand({ ...pool, GroupName: name }));
    await local.sdk.send(new AdminAddUserToGroupCommand({ ...pool, Username: name, GroupName: name }));

    const users = await local.sdk.send(new ListUsersCommand({ ...pool, Filter: `username = "${name}"` }));
    expect(users.Users!.map((u) => u.Username)).toEqual([name]);
    const groups = await local.sdk.send(new ListGroupsCommand({ ...pool, Limit: 60 }));
    expect(groups.Groups!.map((g) => g.GroupName)).toContain(name);
    const members = await local.sdk.send(new ListUsersInGroupCommand({ ...pool, GroupName: name }));
    expect(members.Users!.map((u) => u.Username)).toEqual([name]);
    const ofUser = await local.sdk.send(new AdminListGroupsForUserCommand({ ...pool, Username: name }));
    expect(ofUser.Groups!.map((g) => g.GroupName)).toEqual([name]);

    const tokens = await local.tokens(name);
    expect(decode(tokens.AccessToken!)).toMatchObject({ username: name, 'cognito:groups': [name] });
    const srp = await local.identitySignIn(name, PASSWORD);
    expect(srp.session.getIdToken().payload['cognito:username']).toBe(name);
    expect(await failure(local.passwordSignIn(name, 'Wrong#Passw0rd'))).toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });

    await local.sdk.send(new AdminDeleteUserCommand({ ...pool, Username: name }));
    await local.sdk.send(new DeleteGroupCommand({ ...pool, GroupName: name }));
    expect(await failure(local.sdk.send(new AdminGetUserCommand({ ...pool, Username: name })))).toMatchObject(
      { name: 'UserNotFoundException' },
    );
    expect(await failure(local.passwordSignIn(name))).toMatchObject({
      message: 'Incorrect username or password.',
    });
  });
});
