import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminGetUserResponse,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminResetUserPasswordCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  AdminUserGlobalSignOutCommand,
  AttributeType,
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  DeleteGroupCommand,
  DescribeUserPoolCommand,
  GetGroupCommand,
  GroupType,
  ListGroupsCommand,
  ListUsersCommand,
  ListUsersInGroupCommand,
  UserPoolType,
  UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import { Injectable } from '@nestjs/common';
import { mapCognitoError } from './cognito-errors';
import { CognitoSettings } from './cognito-settings';

/** Cognito's page size limit for every list operation. */
export const MAX_PAGE_SIZE = 60;

export interface PageRequest {
  limit?: number;
  paginationToken?: string;
}

/** One page of a list; `paginationToken` is set when there are more. */
export interface PageOf<T> {
  items: T[];
  paginationToken?: string;
}

export interface UserToCreate {
  username: string;
  /** Left out: a passwordless user, where the pool allows sign-in by code. */
  temporaryPassword?: string;
  attributes: Record<string, string>;
  /** Email the temporary password to the user (true) or tell nobody (false). */
  invite: boolean;
}

export interface GroupToCreate {
  name: string;
  description?: string;
  precedence?: number;
}

/**
 * Cognito's admin API for this gateway's user pool: the one place that reaches it. Every method fills
 * in the pool id, and whatever Cognito throws comes out as the contract's DomainError through the one
 * table in cognito-errors.ts.
 */
@Injectable()
export class CognitoAdminApi {
  constructor(
    private readonly client: CognitoIdentityProviderClient,
    private readonly settings: CognitoSettings,
  ) {}

  /** `filter` is Cognito's ListUsers filter expression, e.g. `email ^= "a"`. */
  async listUsers(page: PageRequest, filter?: string): Promise<PageOf<UserType>> {
    const result = await this.call(
      this.client.send(
        new ListUsersCommand({
          UserPoolId: this.poolId,
          Limit: page.limit,
          PaginationToken: page.paginationToken,
          Filter: filter,
        }),
      ),
    );
    return pageOf(result.Users, result.PaginationToken);
  }

  getUser(username: string): Promise<AdminGetUserResponse> {
    return this.call(
      this.client.send(new AdminGetUserCommand({ UserPoolId: this.poolId, Username: username })),
    );
  }

  async createUser(user: UserToCreate): Promise<UserType> {
    const result = await this.call(
      this.client.send(
        new AdminCreateUserCommand({
          UserPoolId: this.poolId,
          Username: user.username,
          TemporaryPassword: user.temporaryPassword,
          UserAttributes: attributeList(user.attributes),
          // Cognito's default medium is SMS, which fails for users with an email only.
          ...(user.invite
            ? { DesiredDeliveryMediums: ['EMAIL' as const] }
            : { MessageAction: 'SUPPRESS' as const }),
        }),
      ),
    );
    return result.User ?? { Username: user.username };
  }

  async updateUserAttributes(username: string, attributes: Record<string, string>): Promise<void> {
    await this.call(
      this.client.send(
        new AdminUpdateUserAttributesCommand({
          UserPoolId: this.poolId,
          Username: username,
          UserAttributes: attributeList(attributes),
        }),
      ),
    );
  }

  async deleteUser(username: string): Promise<void> {
    await this.call(
      this.client.send(new AdminDeleteUserCommand({ UserPoolId: this.poolId, Username: username })),
    );
  }

  async disableUser(username: string): Promise<void> {
    await this.call(
      this.client.send(new AdminDisableUserCommand({ UserPoolId: this.poolId, Username: username })),
    );
  }

  async enableUser(username: string): Promise<void> {
    await this.call(
      this.client.send(new AdminEnableUserCommand({ UserPoolId: this.poolId, Username: username })),
    );
  }

  async setUserPassword(username: string, password: string, permanent: boolean): Promise<void> {
    await this.call(
      this.client.send(
        new AdminSetUserPasswordCommand({
          UserPoolId: this.poolId,
          Username: username,
          Password: password,
          Permanent: permanent,
        }),
      ),
    );
  }

  async resetUserPassword(username: string): Promise<void> {
    await this.call(
      this.client.send(new AdminResetUserPasswordCommand({ UserPoolId: this.poolId, Username: username })),
    );
  }

  /** Revokes every refresh token of the user at Cognito. */
  async userGlobalSignOut(username: string): Promise<void> {
    await this.call(
      this.client.send(new AdminUserGlobalSignOutCommand({ UserPoolId: this.poolId, Username: username })),
    );
  }

  /** Every group of the user, all pages collected. */
  async listGroupsForUser(username: string): Promise<GroupType[]> {
    const groups: GroupType[] = [];
    let nextToken: string | undefined;
    do {
      const result = await this.call(
        this.client.send(
          new AdminListGroupsForUserCommand({
            UserPoolId: this.poolId,
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

  async addUserToGroup(username: string, group: string): Promise<void> {
    await this.call(
      this.client.send(
        new AdminAddUserToGroupCommand({ UserPoolId: this.poolId, Username: username, GroupName: group }),
      ),
    );
  }

  async removeUserFromGroup(username: string, group: string): Promise<void> {
    await this.call(
      this.client.send(
        new AdminRemoveUserFromGroupCommand({
          UserPoolId: this.poolId,
          Username: username,
          GroupName: group,
        }),
      ),
    );
  }

  async listGroups(page: PageRequest): Promise<PageOf<GroupType>> {
    const result = await this.call(
      this.client.send(
        new ListGroupsCommand({
          UserPoolId: this.poolId,
          Limit: page.limit,
          NextToken: page.paginationToken,
        }),
      ),
    );
    return pageOf(result.Groups, result.NextToken);
  }

  async createGroup(group: GroupToCreate): Promise<GroupType> {
    const result = await this.call(
      this.client.send(
        new CreateGroupCommand({
          UserPoolId: this.poolId,
          GroupName: group.name,
          Description: group.description,
          Precedence: group.precedence,
        }),
      ),
    );
    return result.Group ?? { GroupName: group.name };
  }

  async getGroup(name: string): Promise<GroupType> {
    const result = await this.call(
      this.client.send(new GetGroupCommand({ UserPoolId: this.poolId, GroupName: name })),
    );
    return result.Group ?? { GroupName: name };
  }

  async deleteGroup(name: string): Promise<void> {
    await this.call(this.client.send(new DeleteGroupCommand({ UserPoolId: this.poolId, GroupName: name })));
  }

  async listUsersInGroup(name: string, page: PageRequest): Promise<PageOf<UserType>> {
    const result = await this.call(
      this.client.send(
        new ListUsersInGroupCommand({
          UserPoolId: this.poolId,
          GroupName: name,
          Limit: page.limit,
          NextToken: page.paginationToken,
        }),
      ),
    );
    return pageOf(result.Users, result.NextToken);
  }

  async describeUserPool(): Promise<UserPoolType> {
    const result = await this.call(
      this.client.send(new DescribeUserPoolCommand({ UserPoolId: this.poolId })),
    );
    return result.UserPool ?? {};
  }

  private get poolId(): string {
    return this.settings.userPoolId;
  }

  private async call<T>(request: Promise<T>): Promise<T> {
    try {
      return await request;
    } catch (error) {
      throw mapCognitoError(error, 'admin');
    }
  }
}

function attributeList(attributes: Record<string, string>): AttributeType[] {
  return Object.entries(attributes).map(([Name, Value]) => ({ Name, Value }));
}

function pageOf<T>(items: T[] | undefined, token: string | undefined): PageOf<T> {
  const page: PageOf<T> = { items: items ?? [] };
  if (token) page.paginationToken = token;
  return page;
}
