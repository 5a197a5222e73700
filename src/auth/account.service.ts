import { Injectable, Logger } from '@nestjs/common';
import type { UserType } from '@aws-sdk/client-cognito-identity-provider';
import { CognitoAdminApi, MAX_PAGE_SIZE } from '../cognito/cognito-admin-api';
import { CognitoUserApi } from '../cognito/cognito-user-api';
import { DomainError } from '../common/domain-error';
import { ErrorCode } from '../common/error-code';
import { AppConfig } from '../config/app-config';
import { RevocationStore } from '../revocation/revocation.store';
import { FullSessionUser } from './access-token-claims';

/** The caller's account itself: deleting it. */
@Injectable()
export class AccountService {
  private readonly logger = new Logger('Account');

  constructor(
    private readonly cognito: CognitoUserApi,
    private readonly admin: CognitoAdminApi,
    private readonly config: AppConfig,
    private readonly revocations: RevocationStore,
  ) {}

  /**
   * Deletes the caller at Cognito (DeleteUser with their access token), then refuses their access tokens
   * here, on every instance, as sign-out does. The last enabled member of the admin group cannot delete
   * themself (409 SELF_LOCKOUT): the pool would be left with nobody to administer it. The revocation
   * store is checked first, so that when it is unavailable nothing was deleted yet.
   */
  async deleteAccount(caller: FullSessionUser): Promise<void> {
    await this.refuseLastAdmin(caller);
    await this.revocations.revokeUserAfter(async () => {
      await this.cognito.deleteUser(caller.accessToken);
      return caller.claims.sub;
    });
    this.logger.debug(`account of ${caller.claims.username} deleted`);
  }

  /** Asks Cognito, not the token: a token's groups may predate the latest membership change. */
  private async refuseLastAdmin(caller: FullSessionUser): Promise<void> {
    const group = this.config.adminGroup;
    const groups = await this.admin.listGroupsForUser(caller.claims.username);
    if (!groups.some((g) => g.GroupName === group)) return;
    let paginationToken: string | undefined;
    do {
      const page = await this.admin.listUsersInGroup(group, { limit: MAX_PAGE_SIZE, paginationToken });
      if (page.items.some((user) => user.Enabled !== false && subOf(user) !== caller.claims.sub)) return;
      paginationToken = page.paginationToken;
    } while (paginationToken);
    throw new DomainError(
      ErrorCode.SELF_LOCKOUT,
      `You are the last enabled member of the ${group} group: make someone else an admin before deleting your account`,
    );
  }
}

function subOf(user: UserType): string | undefined {
  return user.Attributes?.find((attribute) => attribute.Name === 'sub')?.Value;
}
