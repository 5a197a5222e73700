import { Injectable, Logger } from '@nestjs/common';
import { CognitoUserApi } from '../cognito/cognito-user-api';
import { PasswordPolicy, PasswordPolicySource } from '../cognito/password-policy';
import { FullSessionUser } from './access-token-claims';
import { maskDestination, simulatedDestination } from './destination-mask';
import { CodeDelivery } from './sign-in-result';

/** Passwords: the pool's policy, changed by their owner, or reset with a code. */
@Injectable()
export class PasswordsService {
  private readonly logger = new Logger('Passwords');

  constructor(
    private readonly cognito: CognitoUserApi,
    private readonly policy: PasswordPolicySource,
  ) {}

  /** The pool's policy, so that an app can show the rules before the user types (cached for minutes). */
  getPasswordPolicy(): Promise<PasswordPolicy> {
    return this.policy.get();
  }

  async changePassword(caller: FullSessionUser, currentPassword: string, newPassword: string): Promise<void> {
    // The username comes from the verified access token, never from the request body.
    const session = {
      username: caller.claims.username,
      accessToken: caller.accessToken,
      idToken: caller.idToken,
    };
    await this.policy.settingPassword(() =>
      this.cognito.changePassword(session, currentPassword, newPassword),
    );
    this.logger.debug(`password changed for ${caller.claims.username}`);
  }

  /**
   * Sends a reset code. Answers the same way whether the user exists or not: for an unknown user (or
   * one who cannot receive a code) the delivery is simulated — medium EMAIL and a masked destination
   * derived from the username, as stable across calls as a real one — so the answer cannot be used to
   * discover accounts. Real destinations are masked too (Cognito masks; the local one does not).
   */
  async forgotPassword(username: string): Promise<CodeDelivery> {
    const delivery = await this.cognito.sendPasswordResetCode(username);
    return {
      deliveryMedium: delivery?.medium ?? 'EMAIL',
      destination: delivery?.destination
        ? maskDestination(delivery.destination)
        : simulatedDestination(username),
    };
  }

  async confirmForgotPassword(username: string, code: string, newPassword: string): Promise<void> {
    await this.policy.settingPassword(() => this.cognito.confirmPasswordReset(username, code, newPassword));
    this.logger.debug(`password reset confirmed for ${username}`);
  }
}
