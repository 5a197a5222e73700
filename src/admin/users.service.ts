import type { AdminGetUserResponse, UserPoolType } from '@aws-sdk/client-cognito-identity-provider';
import { Injectable, Logger } from '@nestjs/common';
import { RevocationStore } from '../revocation/revocation.store';
import { CognitoAdminApi, PageRequest } from '../cognito/cognito-admin-api';
import { PasswordPolicySource } from '../cognito/password-policy';
import { PoolDescriptionCache } from '../cognito/pool-description.cache';
import { DomainError } from '../common/domain-error';
import { ErrorCode } from '../common/error-code';
import { AppConfig } from '../config/app-config';
import { toGroup, toUser } from './cognito-mappers';
import { GroupResponseDto } from './dto/group-response.dto';
import { UserResponseDto } from './dto/user-response.dto';
import { UsersPageResponseDto } from './dto/users-page-response.dto';
import { selfLockout } from './self-lockout';
import { generateTemporaryPassword } from './temporary-password';
import { listUsersFilter, UserFilter } from './user-filter';
import { UserPoolSchema } from './user-pool-schema';

export interface NewUser {
  username: string;
  email: string;
  temporaryPassword?: string;
  attributes?: Record<string, string>;
  groups?: string[];
  sendInvitation?: boolean;
  /** No password at all: the user signs in with a code (the pool must offer it). */
  passwordless?: boolean;
}

/** A pool lets users be created without a password when they can sign in with a code instead. */
function passwordlessAvailable(pool: UserPoolType): boolean {
  const factors = pool.Policies?.SignInPolicy?.AllowedFirstAuthFactors ?? [];
  return factors.includes('EMAIL_OTP') || factors.includes('SMS_OTP');
}

/** The caller of an admin route, for the checks that stop admins locking themselves out. */
export interface Actor {
  sub: string;
}

/** Users of the pool over Cognito's admin API. */
@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    private readonly cognito: CognitoAdminApi,
    private readonly pool: PoolDescriptionCache,
    private readonly config: AppConfig,
    private readonly revocations: RevocationStore,
    private readonly passwordPolicy: PasswordPolicySource,
  ) {}

  async listUsers(query: PageRequest & UserFilter): Promise<UsersPageResponseDto> {
    const { items, paginationToken } = await this.cognito.listUsers(query, listUsersFilter(query));
    return { users: items.map((user) => toUser(user)), ...(paginationToken ? { paginationToken } : {}) };
  }

  /**
   * Groups are checked before the user is created (so no invitation goes out for a user that is then
   * removed), and a membership that still fails rolls the creation back: no half-made user is left.
   */
  async createUser(input: NewUser): Promise<UserResponseDto> {
    const pool = await this.pool.get();
    const attributes = input.attributes ?? {};
    new UserPoolSchema(pool.SchemaAttributes).check(attributes, 'create');
    const passwordless = input.passwordless === true;
    if (passwordless) this.assertPasswordlessPossible(pool, input.temporaryPassword);
    const groups = input.groups ?? [];
    await Promise.all(groups.map((group) => this.requireGroup(group)));
    const created = await this.passwordPolicy.settingPassword(() =>
      this.cognito.createUser({
        username: input.username,
        // Cognito creates a user without a password when it is given none and the pool allows codes.
        temporaryPassword: passwordless
          ? undefined
          : (input.temporaryPassword ?? generateTemporaryPassword(pool.Policies?.PasswordPolicy)),
        // Codes only go to a verified address: the admin vouches for the email they typed.
        attributes: {
          email: input.email,
          ...(passwordless ? { email_verified: 'true' } : {}),
          ...attributes,
        },
        invite: input.sendInvitation !== false,
      }),
    );
    await this.addToGroupsOrRollBack(created.Username ?? input.username, groups);
    return toUser(created, groups);
  }

  private assertPasswordlessPossible(pool: UserPoolType, temporaryPassword: string | undefined): void {
    if (temporaryPassword !== undefined) {
      const message = 'A passwordless user takes no temporary password';
      throw new DomainError(ErrorCode.VALIDATION_FAILED, message, [{ field: 'temporaryPassword', message }]);
    }
    if (!passwordlessAvailable(pool)) {
      throw new DomainError(
        ErrorCode.METHOD_NOT_AVAILABLE,
        'The user pool does not allow sign-in by code (SignInPolicy EMAIL_OTP or SMS_OTP)',
      );
    }
  }

  async getUser(username: string): Promise<UserResponseDto> {
    const record = await this.cognito.getUser(username);
    const groups = await this.cognito.listGroupsForUser(record.Username ?? username);
    return toUser(
      record,
      groups.map((group) => group.GroupName ?? ''),
    );
  }

  async updateUser(username: string, attributes: Record<string, string>): Promise<UserResponseDto> {
    new UserPoolSchema((await this.pool.get()).SchemaAttributes).check(attributes, 'update');
    // Looked up first: for an unknown user cognito-local's update answers NotAuthorizedException, not a 404.
    const existing = await this.cognito.getUser(username);
    await this.cognito.updateUserAttributes(existing.Username ?? username, attributes);
    return this.getUser(existing.Username ?? username);
  }

  async deleteUser(username: string, actor: Actor): Promise<void> {
    const { canonical, sub } = await this.resolveOther(username, actor, 'You cannot delete your own account');
    // The user's access tokens stay cryptographically valid until they expire; refuse them from now on.
    await this.revocations.revokeUserAfter(async () => {
      await this.cognito.deleteUser(canonical);
      return sub;
    });
  }

  async disableUser(username: string, actor: Actor): Promise<void> {
    const { canonical, sub } = await this.resolveOther(
      username,
      actor,
      'You cannot disable your own account',
    );
    // As AWS documents for AdminDisableUser: the user's access tokens are revoked too.
    await this.revocations.revokeUserAfter(async () => {
      await this.cognito.disableUser(canonical);
      return sub;
    });
  }

  async enableUser(username: string): Promise<void> {
    await this.cognito.enableUser(username);
  }

  /** A new password ends every session of the user: whoever stole one must not keep it. */
  async setUserPassword(username: string, password: string, permanent: boolean): Promise<void> {
    const record = await this.cognito.getUser(username);
    await this.endSessions(record, () =>
      this.passwordPolicy.settingPassword(() =>
        this.cognito.setUserPassword(record.Username ?? username, password, permanent),
      ),
    );
  }

  async resetUserPassword(username: string): Promise<void> {
    const record = await this.cognito.getUser(username);
    await this.endSessions(record, () => this.cognito.resetUserPassword(record.Username ?? username));
  }

  async signOutUser(username: string): Promise<void> {
    const record = await this.cognito.getUser(username);
    await this.endSessions(record);
  }

  async listUserGroups(username: string): Promise<GroupResponseDto[]> {
    return (await this.cognito.listGroupsForUser(username)).map(toGroup);
  }

  async addUserToGroup(username: string, group: string): Promise<void> {
    await this.cognito.addUserToGroup(username, group);
  }

  /**
   * Leaving the admin group takes effect at once: the access tokens that still list the group are
   * refused from now on, on every instance. The refresh tokens live on, and a refresh brings tokens
   * without the group.
   */
  async removeUserFromGroup(username: string, group: string, actor: Actor): Promise<void> {
    if (group !== this.config.adminGroup) {
      await this.cognito.removeUserFromGroup(username, group);
      return;
    }
    const { canonical, sub } = await this.resolveOther(
      username,
      actor,
      'You cannot remove yourself from the admin group',
    );
    await this.revocations.revokeUserAfter(async () => {
      await this.cognito.removeUserFromGroup(canonical, group);
      return sub;
    });
  }

  /**
   * `change` (if any), then as the user's own sign-out: every refresh token revoked at Cognito, every
   * access token here. Nothing changes at Cognito when the store cannot record the revocation.
   */
  private async endSessions(record: AdminGetUserResponse, change?: () => Promise<void>): Promise<void> {
    await this.revocations.revokeUserAfter(async () => {
      await change?.();
      await this.cognito.userGlobalSignOut(record.Username ?? '');
      return subOf(record);
    });
  }

  /** The user's stored name and sub; 409 SELF_LOCKOUT when that user is the caller. */
  private async resolveOther(
    username: string,
    actor: Actor,
    refusal: string,
  ): Promise<{ canonical: string; sub: string }> {
    const record = await this.cognito.getUser(username);
    const sub = subOf(record);
    if (sub === actor.sub) throw selfLockout(refusal);
    return { canonical: record.Username ?? username, sub };
  }

  private async requireGroup(group: string): Promise<void> {
    try {
      await this.cognito.getGroup(group);
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
        await this.cognito.addUserToGroup(username, group);
      } catch (error) {
        await this.rollBackCreation(username, group);
        if (!(error instanceof DomainError)) throw error;
        throw new DomainError(
          error.code,
          `${error.message}: adding the user to group "${group}" failed, so the user was not created`,
        );
      }
    }
  }

  private async rollBackCreation(username: string, group: string): Promise<void> {
    try {
      await this.cognito.deleteUser(username);
    } catch {
      this.logger.error(`User ${username} was created, adding it to ${group} failed, and so did removing it`);
      throw new DomainError(
        ErrorCode.UPSTREAM_UNAVAILABLE,
        `User "${username}" was created but could not be added to group "${group}" nor removed again; ` +
          'delete the user or add the group',
        undefined,
        5,
      );
    }
  }
}

function subOf(record: AdminGetUserResponse): string {
  return record.UserAttributes?.find((attribute) => attribute.Name === 'sub')?.Value ?? '';
}
