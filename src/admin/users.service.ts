import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminGetUserCommandOutput,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminResetUserPasswordCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  AdminUserGlobalSignOutCommand,
  CognitoIdentityProviderClient,
  DescribeUserPoolCommand,
  GetGroupCommand,
  GroupType,
  ListUsersCommand,
  UserPoolType,
} from '@aws-sdk/client-cognito-identity-provider';
import { Injectable, Logger } from '@nestjs/common';
import { RevocationStore } from '../revocation/revocation.store';
import { DomainError } from '../common/domain-error';
import { ErrorCode } from '../common/error-code';
import { mapCognitoError } from '../cognito/cognito-errors';
import { CognitoSettings } from '../cognito/cognito-settings';
import { AppConfig } from '../config/app-config';
import { adminCall, selfLockout } from './admin-call';
import { toGroup, toUser } from './cognito-mappers';
import { GroupResponseDto } from './dto/group-response.dto';
import { MAX_PAGE_SIZE } from './dto/page-query.dto';
import { UserResponseDto } from './dto/user-response.dto';
import { UsersPageResponseDto } from './dto/users-page-response.dto';
import { generateTemporaryPassword } from './temporary-password';
import { listUsersFilter, UserFilter } from './user-filter';
import { UserPoolSchema } from './user-pool-schema';

/** How long the pool's schema and password policy are trusted before DescribeUserPool is asked again. */
const POOL_DESCRIPTION_TTL_MS = 5 * 60 * 1000;

export interface NewUser {
  username: string;
  email: string;
  temporaryPassword?: string;
  attributes?: Record<string, string>;
  groups?: string[];
  sendInvitation?: boolean;
}

export interface Page {
  limit?: number;
  paginationToken?: string;
}

/** The caller of an admin route, for the checks that stop admins locking themselves out. */
export interface Actor {
  sub: string;
}

/** Users of the pool over Cognito's admin API: the one place the admin routes reach Cognito for users. */
@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);
  private poolDescription?: { expiresAt: number; value: Promise<UserPoolType> };

  constructor(
    private readonly cognito: CognitoIdentityProviderClient,
    private readonly settings: CognitoSettings,
    private readonly config: AppConfig,
    private readonly revocations: RevocationStore,
  ) {}

  async listUsers(query: Page & UserFilter): Promise<UsersPageResponseDto> {
    const result = await adminCall(() =>
      this.cognito.send(
        new ListUsersCommand({
          UserPoolId: this.settings.userPoolId,
          Limit: query.limit,
          PaginationToken: query.paginationToken,
          Filter: listUsersFilter(query),
        }),
      ),
    );
    const page: UsersPageResponseDto = { users: (result.Users ?? []).map((user) => toUser(user)) };
    if (result.PaginationToken) page.paginationToken = result.PaginationToken;
    return page;
  }

  /**
   * Groups are checked before the user is created (so no invitation goes out for a user that is then
   * removed), and a membership that still fails rolls the creation back: no half-made user is left.
   */
  async createUser(input: NewUser): Promise<UserResponseDto> {
    const pool = await this.describePool();
    const attributes = input.attributes ?? {};
    new UserPoolSchema(pool.SchemaAttributes).check(attributes, 'create');
    const groups = input.groups ?? [];
    await Promise.all(groups.map((group) => this.requireGroup(group)));
    const created = await adminCall(() =>
      this.cognito.send(
        new AdminCreateUserCommand({
          UserPoolId: this.settings.userPoolId,
          Username: input.username,
          TemporaryPassword:
            input.temporaryPassword ?? generateTemporaryPassword(pool.Policies?.PasswordPolicy),
          UserAttributes: [
            { Name: 'email', Value: input.email },
            ...Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })),
          ],
          // Cognito's default medium is SMS, which fails for users with an email only.
          ...(input.sendInvitation === false
            ? { MessageAction: 'SUPPRESS' as const }
            : { DesiredDeliveryMediums: ['EMAIL' as const] }),
        }),
      ),
    );
    const record = created.User ?? { Username: input.username };
    await this.addToGroupsOrRollBack(record.Username ?? input.username, groups);
    return toUser(record, groups);
  }

  async getUser(username: string): Promise<UserResponseDto> {
    const record = await this.getRecord(username);
    const groups = await this.groupsOf(record.Username ?? username);
    return toUser(
      record,
      groups.map((group) => group.GroupName ?? ''),
    );
  }

  async updateUser(username: string, attributes: Record<string, string>): Promise<UserResponseDto> {
    new UserPoolSchema((await this.describePool()).SchemaAttributes).check(attributes, 'update');
    // Looked up first: for an unknown user cognito-local's update answers NotAuthorizedException, not a 404.
    const existing = await this.getRecord(username);
    await adminCall(() =>
      this.cognito.send(
        new AdminUpdateUserAttributesCommand({
          UserPoolId: this.settings.userPoolId,
          Username: existing.Username ?? username,
          UserAttributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })),
        }),
      ),
    );
    return this.getUser(existing.Username ?? username);
  }

  async deleteUser(username: string, actor: Actor): Promise<void> {
    const { canonical, sub } = await this.resolveOther(username, actor, 'You cannot delete your own account');
    await adminCall(() =>
      this.cognito.send(
        new AdminDeleteUserCommand({ UserPoolId: this.settings.userPoolId, Username: canonical }),
      ),
    );
    // The user's access tokens stay cryptographically valid until they expire; refuse them from now on.
    await this.revocations.revokeUserNow(sub);
  }

  async disableUser(username: string, actor: Actor): Promise<void> {
    const { canonical, sub } = await this.resolveOther(
      username,
      actor,
      'You cannot disable your own account',
    );
    await adminCall(() =>
      this.cognito.send(
        new AdminDisableUserCommand({ UserPoolId: this.settings.userPoolId, Username: canonical }),
      ),
    );
    // As AWS documents for AdminDisableUser: the user's access tokens are revoked too.
    await this.revocations.revokeUserNow(sub);
  }

  async enableUser(username: string): Promise<void> {
    await adminCall(() =>
      this.cognito.send(
        new AdminEnableUserCommand({ UserPoolId: this.settings.userPoolId, Username: username }),
      ),
    );
  }

  async setUserPassword(username: string, password: string, permanent: boolean): Promise<void> {
    await adminCall(() =>
      this.cognito.send(
        new AdminSetUserPasswordCommand({
          UserPoolId: this.settings.userPoolId,
          Username: username,
          Password: password,
          Permanent: permanent,
        }),
      ),
    );
  }

  async resetUserPassword(username: string): Promise<void> {
    await adminCall(() =>
      this.cognito.send(
        new AdminResetUserPasswordCommand({ UserPoolId: this.settings.userPoolId, Username: username }),
      ),
    );
  }

  /** As the user's own sign-out: every refresh token revoked at Cognito, every access token here. */
  async signOutUser(username: string): Promise<void> {
    const record = await this.getRecord(username);
    await adminCall(() =>
      this.cognito.send(
        new AdminUserGlobalSignOutCommand({
          UserPoolId: this.settings.userPoolId,
          Username: record.Username ?? username,
        }),
      ),
    );
    await this.revocations.revokeUserNow(subOf(record));
  }

  async listUserGroups(username: string): Promise<GroupResponseDto[]> {
    return (await this.groupsOf(username)).map(toGroup);
  }

  async addUserToGroup(username: string, group: string): Promise<void> {
    await adminCall(() =>
      this.cognito.send(
        new AdminAddUserToGroupCommand({
          UserPoolId: this.settings.userPoolId,
          Username: username,
          GroupName: group,
        }),
      ),
    );
  }

  async removeUserFromGroup(username: string, group: string, actor: Actor): Promise<void> {
    const target =
      group === this.config.adminGroup
        ? (await this.resolveOther(username, actor, 'You cannot remove yourself from the admin group'))
            .canonical
        : username;
    await adminCall(() =>
      this.cognito.send(
        new AdminRemoveUserFromGroupCommand({
          UserPoolId: this.settings.userPoolId,
          Username: target,
          GroupName: group,
        }),
      ),
    );
  }

  private async getRecord(username: string): Promise<AdminGetUserCommandOutput> {
    return adminCall(() =>
      this.cognito.send(
        new AdminGetUserCommand({ UserPoolId: this.settings.userPoolId, Username: username }),
      ),
    );
  }

  /** The user's stored name and sub; 409 SELF_LOCKOUT when that user is the caller. */
  private async resolveOther(
    username: string,
    actor: Actor,
    refusal: string,
  ): Promise<{ canonical: string; sub: string }> {
    const record = await this.getRecord(username);
    const sub = subOf(record);
    if (sub === actor.sub) throw selfLockout(refusal);
    return { canonical: record.Username ?? username, sub };
  }

  private async groupsOf(username: string): Promise<GroupType[]> {
    const groups: GroupType[] = [];
    let nextToken: string | undefined;
    do {
      const result = await adminCall(() =>
        this.cognito.send(
          new AdminListGroupsForUserCommand({
            UserPoolId: this.settings.userPoolId,
            Username: username,
            Limit: MAX_PAGE_SIZE,
            NextToken: nextToken,
          }),
        ),
      );
      groups.push(...(result.Groups ?? []));
      nextToken = result.NextToken;
    } while (nextToken);
    return groups;
  }

  private async requireGroup(group: string): Promise<void> {
    try {
      await adminCall(() =>
        this.cognito.send(new GetGroupCommand({ UserPoolId: this.settings.userPoolId, GroupName: group })),
      );
    } catch (error) {
      if (error instanceof DomainError && error.code === ErrorCode.GROUP_NOT_FOUND) {
        throw new DomainError(
          ErrorCode.GROUP_NOT_FOUND,
          `Group "${group}" not found; the user was not created`,
        );
      }
      throw error;
    }
  }

  private async addToGroupsOrRollBack(username: string, groups: string[]): Promise<void> {
    for (const group of groups) {
      try {
        await this.addUserToGroup(username, group);
      } catch (error) {
        const cause = mapCognitoError(error, 'admin');
        try {
          await adminCall(() =>
            this.cognito.send(
              new AdminDeleteUserCommand({ UserPoolId: this.settings.userPoolId, Username: username }),
            ),
          );
        } catch {
          this.logger.error(
            `User ${username} was created, adding it to ${group} failed, and so did removing it`,
          );
          throw new DomainError(
            ErrorCode.UPSTREAM_UNAVAILABLE,
            `User "${username}" was created but could not be added to group "${group}" nor removed again; ` +
              'delete the user or add the group',
            undefined,
            5,
          );
        }
        throw new DomainError(
          cause.code,
          `${cause.message}: adding the user to group "${group}" failed, so the user was not created`,
        );
      }
    }
  }

  /** DescribeUserPool, cached: the schema and password policy change rarely and are read on every create. */
  private describePool(): Promise<UserPoolType> {
    const now = Date.now();
    if (!this.poolDescription || this.poolDescription.expiresAt <= now) {
      const value = adminCall(() =>
        this.cognito.send(new DescribeUserPoolCommand({ UserPoolId: this.settings.userPoolId })),
      ).then((result) => result.UserPool ?? {});
      value.catch(() => {
        if (this.poolDescription?.value === value) this.poolDescription = undefined;
      });
      this.poolDescription = { expiresAt: now + POOL_DESCRIPTION_TTL_MS, value };
    }
    return this.poolDescription.value;
  }
}

function subOf(record: AdminGetUserCommandOutput): string {
  return record.UserAttributes?.find((attribute) => attribute.Name === 'sub')?.Value ?? '';
}
