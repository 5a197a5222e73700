import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminGetUserCommand,
  CreateGroupCommand,
  ListGroupsCommand,
  type ListGroupsCommandOutput,
  ListUsersCommand,
  ListUsersInGroupCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { failure, useEmulator } from '../support/emulator';

describe('local Cognito: users, messages, groups and paging (official clients against the embedded emulator)', () => {
  const local = useEmulator();

  describe('messages', () => {
    it('AdminCreateUser without MessageAction emails the temporary password (no SMS failure)', async () => {
      const username = local.uniqueName('emailed');
      const created = await local.sdk.send(
        new AdminCreateUserCommand({
          UserPoolId: local.emu.userPoolId,
          Username: username,
          // without one the seeded pool, which offers sign-in by code, creates a passwordless user
          TemporaryPassword: 'Temp#Passw0rd',
          UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
        }),
      );
      expect(created.User!.UserStatus).toBe('FORCE_CHANGE_PASSWORD');
      const message = local.emu.messages.at(-1)!;
      expect(message).toMatchObject({
        operation: 'AdminCreateUser',
        username,
        destination: `${username}@example.com`,
      });
      expect(local.emu.lastCode(username)).toBe(message.code);
      const challenge = await local.passwordSignIn(username, message.code);
      expect(challenge.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
      expect(JSON.parse(challenge.ChallengeParameters!.userAttributes)).toEqual({
        email: `${username}@example.com`,
      });
    });

    it('AdminCreateUser with no way to deliver fails before saving the user', async () => {
      const username = local.uniqueName('nowhere');
      expect(
        await failure(
          local.sdk.send(
            new AdminCreateUserCommand({ UserPoolId: local.emu.userPoolId, Username: username }),
          ),
        ),
      ).toMatchObject({ name: 'InvalidParameterException' });
      expect(
        await failure(
          local.sdk.send(new AdminGetUserCommand({ UserPoolId: local.emu.userPoolId, Username: username })),
        ),
      ).toMatchObject({ name: 'UserNotFoundException' });
    });
  });

  describe('9 + 10. groups and listing', () => {
    it('CreateGroup on an existing group is GroupExistsException and keeps the members', async () => {
      const group = local.uniqueName('group');
      const username = await local.confirmedUser();
      await local.sdk.send(new CreateGroupCommand({ UserPoolId: local.emu.userPoolId, GroupName: group }));
      await local.sdk.send(
        new AdminAddUserToGroupCommand({
          UserPoolId: local.emu.userPoolId,
          GroupName: group,
          Username: username,
        }),
      );
      expect(
        await failure(
          local.sdk.send(new CreateGroupCommand({ UserPoolId: local.emu.userPoolId, GroupName: group })),
        ),
      ).toMatchObject({ name: 'GroupExistsException' });
      const members = await local.sdk.send(
        new ListUsersInGroupCommand({ UserPoolId: local.emu.userPoolId, GroupName: group }),
      );
      expect(members.Users!.map((u) => u.Username)).toEqual([username]);
    });

    it('ListUsers, ListUsersInGroup and ListGroups page with Limit and opaque tokens (no duplicate, no gap)', async () => {
      const prefix = local.uniqueName('page');
      const group = `${prefix}-group`;
      await local.sdk.send(new CreateGroupCommand({ UserPoolId: local.emu.userPoolId, GroupName: group }));
      const names: string[] = [];
      for (let i = 0; i < 7; i++) {
        names.push(await local.confirmedUser(`${prefix}-${i}`));
        await local.sdk.send(
          new AdminAddUserToGroupCommand({
            UserPoolId: local.emu.userPoolId,
            GroupName: group,
            Username: names[i],
          }),
        );
      }
      const seen: string[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const page = await local.sdk.send(
          new ListUsersCommand({
            UserPoolId: local.emu.userPoolId,
            Limit: 3,
            PaginationToken: token,
            Filter: `username ^= "${prefix}-"`,
          }),
        );
        expect(page.Users!.length).toBeLessThanOrEqual(3);
        seen.push(...page.Users!.map((u) => u.Username!));
        token = page.PaginationToken;
        pages++;
      } while (token);
      expect(pages).toBe(3);
      expect(seen.sort()).toEqual([...names].sort());

      const inGroup: string[] = [];
      let next: string | undefined;
      do {
        const page = await local.sdk.send(
          new ListUsersInGroupCommand({
            UserPoolId: local.emu.userPoolId,
            GroupName: group,
            Limit: 2,
            NextToken: next,
          }),
        );
        inGroup.push(...page.Users!.map((u) => u.Username!));
        next = page.NextToken;
      } while (next);
      expect(inGroup.sort()).toEqual([...names].sort());

      for (let i = 0; i < 3; i++) {
        await local.sdk.send(
          new CreateGroupCommand({ UserPoolId: local.emu.userPoolId, GroupName: `${prefix}-g${i}` }),
        );
      }
      const groups: string[] = [];
      next = undefined;
      do {
        const page: ListGroupsCommandOutput = await local.sdk.send(
          new ListGroupsCommand({ UserPoolId: local.emu.userPoolId, Limit: 2, NextToken: next }),
        );
        expect(page.Groups!.length).toBeLessThanOrEqual(2);
        groups.push(...page.Groups!.map((g) => g.GroupName!));
        next = page.NextToken;
      } while (next);
      expect(new Set(groups).size).toBe(groups.length);
      expect(groups).toEqual(
        expect.arrayContaining(['admin', group, `${prefix}-g0`, `${prefix}-g1`, `${prefix}-g2`]),
      );
    });

    it('ListUsers Filter supports =, ^=, cognito:user_status and status', async () => {
      const prefix = local.uniqueName('filter');
      const a = await local.confirmedUser(`${prefix}-a`);
      const b = await local.confirmedUser(`${prefix}-b`);
      await local.sdk.send(new AdminDisableUserCommand({ UserPoolId: local.emu.userPoolId, Username: b }));
      await local.sdk.send(
        new AdminCreateUserCommand({
          UserPoolId: local.emu.userPoolId,
          Username: `${prefix}-c`,
          TemporaryPassword: 'Temp#Passw0rd',
          MessageAction: 'SUPPRESS',
        }),
      );
      const list = async (Filter: string) =>
        (await local.sdk.send(new ListUsersCommand({ UserPoolId: local.emu.userPoolId, Filter })))
          .Users!.map((u) => u.Username)
          .filter((n) => n!.startsWith(prefix))
          .sort();
      expect(await list(`email = "${a}@example.com"`)).toEqual([a]);
      expect(await list(`email ^= "${prefix}"`)).toEqual([a, b]);
      expect(await list(`cognito:user_status = "FORCE_CHANGE_PASSWORD"`)).toEqual([`${prefix}-c`]);
      expect(await list(`status = "Disabled"`)).toEqual([b]);
      expect(await list(`username = "${a}"`)).toEqual([a]);
    });
  });
});
