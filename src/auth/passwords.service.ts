import { Injectable, Logger } from '@nestjs/common';
import { CognitoAdminApi } from '../cognito/cognito-admin-api';
import { CognitoUserApi } from '../cognito/cognito-user-api';
import { RevocationStore } from '../revocation/revocation.store';
import { PasswordPolicy, PasswordPolicySource } from '../cognito/password-policy';
import { FullSessionUser } from './access-token-claims';
import { DecoySecret } from './decoy-secret';
import { maskDestination, simulatedDestination } from './destination-mask';
import { CodeDelivery } from './sign-in-result';

/**
 * Passwords: the pool's policy, changed by their owner, or reset with a code. A change or reset ends
 * every session of the user, as sign-out does: whoever stole a session must not keep it once the victim
 * changed the password.
 */
@Injectable()
export class PasswordsService {
  private readonly logger = new Logger('Passwords');

  constructor(
    private readonly cognito: CognitoUserApi,
    private readonly admin: CognitoAdminApi,
    private readonly revocations: RevocationStore,
    private readonly decoy: DecoySecret,
    private readonly policy: PasswordPolicySource,
  ) {}

  /** The pool's policy, so that an app can show the rules before the user types (cached for minutes). */
  getPasswordPolicy(): Promise<PasswordPolicy> {
    return this.policy.get();
  }

  /**
   * The caller's own session ends too: Cognito's global sign-out cannot spare one refresh token, and the
   * contract's 204 has no room for new tokens, so the app signs in again with the new password it holds.
   * The store is checked first, so that when it is unavailable the password is left unchanged.
   */
  async changePassword(caller: FullSessionUser, currentPassword: string, newPassword: string): Promise<void> {
    // The username comes from the verified access token, never from the request body.
    const session = {
      username: caller.claims.username,
      accessToken: caller.accessToken,
      idToken: caller.idToken,
    };
    await this.revocations.revokeUserAfter(async () => {
      await this.policy.settingPassword(() =>
        this.cognito.changePassword(session, currentPassword, newPassword),
      );
      await this.cognito.globalSignOut(session);
      return caller.claims.sub;
    });
    this.logger.debug(`password changed for ${caller.claims.username}; every session ended`);
  }

  /**
   * Sends a reset code. Answers the same way whether the user exists or not: for an unknown user (or
   * one who cannot receive a code) the delivery is simulated — medium EMAIL and a masked destination
   * derived from the username with a server-side key (DecoySecret), as stable across calls as a real one
   * and not computable by anyone else — so the answer cannot be used to discover accounts. Real destinations are masked too (Cognito masks; the local one does not).
   */
  async forgotPassword(username: string): Promise<CodeDelivery> {
    const delivery = await this.cognito.sendPasswordResetCode(username);
    return {
      deliveryMedium: delivery?.medium ?? 'EMAIL',
      destination: delivery?.destination
        ? maskDestination(delivery.destination)
        : simulatedDestination(username, this.decoy.key),
    };
  }

  /**
   * The user is not signed in here, so their sessions end over the admin API: the stored user (the name
   * given may be an alias) is signed out globally at Cognito, and their access tokens refused here.
   */
  async confirmForgotPassword(username: string, code: string, newPassword: string): Promise<void> {
    await this.revocations.revokeUserAfter(async () => {
      await this.policy.settingPassword(() => this.cognito.confirmPasswordReset(username, code, newPassword));
      const record = await this.admin.getUser(username);
      await this.admin.userGlobalSignOut(record.Username ?? username);
      return record.UserAttributes?.find((attribute) => attribute.Name === 'sub')?.Value;
    });
    this.logger.debug(`password reset confirmed for ${username}; every session ended`);
  }
}
