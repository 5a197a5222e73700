import type {
  AdminGetUserResponse,
  GroupType,
  SchemaAttributeType,
  UserPoolType,
  UserStatusType,
  UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  CognitoAdminApi,
  GroupToCreate,
  PageOf,
  PageRequest,
  UserToCreate,
} from '../cognito/cognito-admin-api';
import { mapCognitoError } from '../cognito/cognito-errors';
import { DomainError } from '../common/domain-error';

export interface StoredUser {
  username: string;
  attributes: Record<string, string>;
  enabled: boolean;
  status: UserStatusType;
  password: string;
  groups: Set<string>;
  /** Set by a global sign-out: the user's refresh tokens no longer work. */
  signedOut: boolean;
}

type Operation = keyof CognitoAdminApi;

/** What Cognito would throw, mapped as CognitoAdminApi maps it. */
export function cognitoFailure(exception: string, message = exception): DomainError {
  return mapCognitoError(Object.assign(new Error(message), { name: exception }), 'admin');
}

/**
 * An in-memory user pool behind CognitoAdminApi's methods, behaving as Cognito does for what the admin
 * services rely on: case-insensitive usernames, case-sensitive groups, the password policy, invitations.
 */
export class FakeCognitoAdminApi implements Pick<CognitoAdminApi, Operation> {
  readonly users = new Map<string, StoredUser>();
  readonly groups = new Map<string, GroupType>();
  /** Temporary passwords emailed to new users. */
  readonly invitations: { username: string; temporaryPassword: string }[] = [];
  readonly description: UserPoolType = { Policies: { PasswordPolicy: { MinimumLength: 8 } } };
  private readonly failures = new Map<Operation, (args: unknown[]) => DomainError | undefined>();
  private nextSub = 1;

  /** The fake as the services' constructors want it. */
  get api(): CognitoAdminApi {
    return this as unknown as CognitoAdminApi;
  }

  /** Makes `operation` fail (all calls, or those whose arguments `when` picks) as Cognito would. */
  breaks(
    operation: Operation,
    failure: DomainError,
    when: (...args: unknown[]) => boolean = () => true,
  ): this {
    this.failures.set(operation, (args) => (when(...args) ? failure : undefined));
    return this;
  }

  setSchema(schema: SchemaAttributeType[]): this {
    this.description.SchemaAttributes = schema;
    return this;
  }

  addUser(username: string, attributes: Record<string, string> = {}, groups: string[] = []): StoredUser {
    const user: StoredUser = {
      username,
      attributes: { sub: `sub-${this.nextSub++}`, ...attributes },
      enabled: true,
      status: 'CONFIRMED',
      password: 'Initial#Pass1',
      groups: new Set(groups),
      signedOut: false,
    };
    for (const group of groups) if (!this.groups.has(group)) this.groups.set(group, { GroupName: group });
    this.users.set(username.toLowerCase(), user);
    return user;
  }

  addGroup(name: string, group: GroupType = {}): void {
    this.groups.set(name, { ...group, GroupName: name });
  }

  user(username: string): StoredUser | undefined {
    return this.users.get(username.toLowerCase());
  }

  async listUsers(page: PageRequest, filter?: string): Promise<PageOf<UserType>> {
    await this.enter('listUsers', page, filter);
    const matches = matcher(filter);
    return paged([...this.users.values()].filter(matches).map(toRecord), page);
  }

  async getUser(username: string): Promise<AdminGetUserResponse> {
    await this.enter('getUser', username);
    const { Attributes, ...rest } = toRecord(this.existing(username));
    return { ...rest, Username: rest.Username!, UserAttributes: Attributes };
  }

  async createUser(input: UserToCreate): Promise<UserType> {
    await this.enter('createUser', input);
    if (this.user(input.username))
      throw cognitoFailure('UsernameExistsException', 'User account already exists');
    if (input.temporaryPassword !== undefined) this.checkPolicy(input.temporaryPassword);
    const user = this.addUser(input.username, input.attributes);
    if (input.temporaryPassword === undefined) {
      // a passwordless user, as Cognito creates one on a pool that allows sign-in by code
      user.status = 'CONFIRMED';
      return toRecord(user);
    }
    user.status = 'FORCE_CHANGE_PASSWORD';
    user.password = input.temporaryPassword;
    if (input.invite)
      this.invitations.push({ username: input.username, temporaryPassword: input.temporaryPassword });
    return toRecord(user);
  }

  async updateUserAttributes(username: string, attributes: Record<string, string>): Promise<void> {
    await this.enter('updateUserAttributes', username, attributes);
    Object.assign(this.existing(username).attributes, attributes);
  }

  async deleteUser(username: string): Promise<void> {
    await this.enter('deleteUser', username);
    this.users.delete(this.existing(username).username.toLowerCase());
  }

  async disableUser(username: string): Promise<void> {
    await this.enter('disableUser', username);
    this.existing(username).enabled = false;
  }

  async enableUser(username: string): Promise<void> {
    await this.enter('enableUser', username);
    this.existing(username).enabled = true;
  }

  async setUserPassword(username: string, password: string, permanent: boolean): Promise<void> {
    await this.enter('setUserPassword', username, password, permanent);
    const user = this.existing(username);
    this.checkPolicy(password);
    user.password = password;
    user.status = permanent ? 'CONFIRMED' : 'FORCE_CHANGE_PASSWORD';
  }

  async resetUserPassword(username: string): Promise<void> {
    await this.enter('resetUserPassword', username);
    this.existing(username).status = 'RESET_REQUIRED';
  }

  async userGlobalSignOut(username: string): Promise<void> {
    await this.enter('userGlobalSignOut', username);
    this.existing(username).signedOut = true;
  }

  async listGroupsForUser(username: string): Promise<GroupType[]> {
    await this.enter('listGroupsForUser', username);
    return [...this.existing(username).groups].map((name) => this.groups.get(name)!);
  }

  async addUserToGroup(username: string, group: string): Promise<void> {
    await this.enter('addUserToGroup', username, group);
    const user = this.existing(username);
    this.existingGroup(group);
    user.groups.add(group);
  }

  async removeUserFromGroup(username: string, group: string): Promise<void> {
    await this.enter('removeUserFromGroup', username, group);
    const user = this.existing(username);
    this.existingGroup(group);
    user.groups.delete(group);
  }

  async listGroups(page: PageRequest): Promise<PageOf<GroupType>> {
    await this.enter('listGroups', page);
    return paged([...this.groups.values()], page);
  }

  async createGroup(input: GroupToCreate): Promise<GroupType> {
    await this.enter('createGroup', input);
    if (this.groups.has(input.name)) throw cognitoFailure('GroupExistsException', 'Group already exists');
    this.addGroup(input.name, { Description: input.description, Precedence: input.precedence });
    return this.groups.get(input.name)!;
  }

  async getGroup(name: string): Promise<GroupType> {
    await this.enter('getGroup', name);
    return this.existingGroup(name);
  }

  async deleteGroup(name: string): Promise<void> {
    await this.enter('deleteGroup', name);
    this.existingGroup(name);
    this.groups.delete(name);
    for (const user of this.users.values()) user.groups.delete(name);
  }

  async listUsersInGroup(name: string, page: PageRequest): Promise<PageOf<UserType>> {
    await this.enter('listUsersInGroup', name, page);
    this.existingGroup(name);
    const members = [...this.users.values()].filter((user) => user.groups.has(name));
    return paged(members.map(toRecord), page);
  }

  async describeUserPool(): Promise<UserPoolType> {
    await this.enter('describeUserPool');
    return structuredClone(this.description);
  }

  /** Answers asynchronously, as the network would, and fails where a test broke the operation. */
  private async enter(operation: Operation, ...args: unknown[]): Promise<void> {
    await Promise.resolve();
    const failure = this.failures.get(operation)?.(args);
    if (failure) throw failure;
  }

  private existing(username: string): StoredUser {
    const user = this.user(username);
    if (!user) throw cognitoFailure('UserNotFoundException', 'User does not exist.');
    return user;
  }

  private existingGroup(name: string): GroupType {
    const group = this.groups.get(name);
    if (!group) throw cognitoFailure('ResourceNotFoundException', 'Group not found.');
    return group;
  }

  private checkPolicy(password: string): void {
    const minimum = this.description.Policies?.PasswordPolicy?.MinimumLength ?? 8;
    if (password.length < minimum) {
      throw cognitoFailure(
        'InvalidPasswordException',
        'Password does not conform to policy: Password not long enough',
      );
    }
  }
}

function toRecord(user: StoredUser): UserType {
  return {
    Username: user.username,
    Attributes: Object.entries(user.attributes).map(([Name, Value]) => ({ Name, Value })),
    Enabled: user.enabled,
    UserStatus: user.status,
  };
}

/** Pages by position: the token is the index of the page's first item. */
function paged<T>(items: T[], page: PageRequest): PageOf<T> {
  const start = Number(page.paginationToken ?? 0);
  const end = start + (page.limit ?? 60);
  return { items: items.slice(start, end), ...(end < items.length ? { paginationToken: String(end) } : {}) };
}

/** Cognito's ListUsers filter: `attribute ^= "prefix"` or `attribute = "value"`, with `\` escapes. */
function matcher(filter: string | undefined): (user: StoredUser) => boolean {
  if (filter === undefined) return () => true;
  const parsed = /^(\S+) (\^?=) "((?:[^"\\]|\\.)*)"$/.exec(filter);
  if (!parsed) throw cognitoFailure('InvalidParameterException', 'Invalid filter');
  const [, attribute, operator, escaped] = parsed;
  const value = escaped.replace(/\\(.)/g, '$1');
  return (user) => {
    const actual =
      attribute === 'username'
        ? user.username
        : attribute === 'cognito:user_status'
          ? user.status
          : user.attributes[attribute];
    return actual !== undefined && (operator === '=' ? actual === value : actual.startsWith(value));
  };
}
