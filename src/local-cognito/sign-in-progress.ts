import type { AuthenticationResultType } from '@aws-sdk/client-cognito-identity-provider';
import type { Services } from 'cognito-local/lib/services';
import type { AppClient } from 'cognito-local/lib/services/appClient';
import type { Context } from 'cognito-local/lib/services/context';
import type { User, UserPoolService } from 'cognito-local/lib/services/userPoolService';
import { missingRequired } from './attribute-schema';
import type { ChallengeSessions } from './challenge-sessions';
import type { CognitoErrors } from './errors';
import { sendSignInCode } from './messages';
import { attributeValue, type TokenService } from './token-service';

export interface AuthResponse {
  ChallengeName?: string;
  Session?: string;
  ChallengeParameters: Record<string, string>;
  AuthenticationResult?: AuthenticationResultType;
}

export interface SignInProgressDeps {
  services: Services;
  errors: CognitoErrors;
  tokens: TokenService;
  challenges: ChallengeSessions;
}

/** What a sign-in answers once a factor is verified: the next challenge, with its Session, or tokens. */
export class SignInProgress {
  constructor(private readonly deps: SignInProgressDeps) {}

  /** The password was right: a new password to set, then the second factor or tokens. */
  async afterPassword(ctx: Context, pool: UserPoolService, client: AppClient, user: User) {
    if (user.UserStatus === 'UNCONFIRMED') {
      throw this.deps.errors.make('UserNotConfirmedException', 'User is not confirmed.');
    }
    if (user.UserStatus === 'FORCE_CHANGE_PASSWORD') {
      const userAttributes: Record<string, string> = {};
      for (const a of user.Attributes ?? [])
        if (a.Name !== 'sub' && a.Value !== undefined) userAttributes[a.Name] = a.Value;
      return this.challenge(pool, client, user, 'NEW_PASSWORD_REQUIRED', {
        USER_ID_FOR_SRP: user.Username,
        requiredAttributes: JSON.stringify(
          missingRequired(pool, user.Attributes ?? []).map((name) => `userAttributes.${name}`),
        ),
        userAttributes: JSON.stringify(userAttributes),
      });
    }
    return this.afterFirstFactor(ctx, pool, client, user);
  }

  /** Past the first factor: an SMS or TOTP challenge, MFA setup, or tokens. */
  async afterFirstFactor(ctx: Context, pool: UserPoolService, client: AppClient, user: User) {
    const totp = user.SoftwareTokenMfaConfiguration;
    const required = pool.options.MfaConfiguration === 'ON';
    const enabled = pool.options.MfaConfiguration !== 'OFF';
    const settings = user.UserMFASettingList ?? [];
    const phone = attributeValue(user, 'phone_number');
    const smsOn = enabled && settings.includes('SMS_MFA') && phone !== undefined;
    const mfaOn = enabled && (required || settings.includes('SOFTWARE_TOKEN_MFA')) && totp?.Verified === true;
    if (smsOn && (!mfaOn || user.PreferredMfaSetting === 'SMS_MFA')) {
      return this.smsChallenge(ctx, pool, client, user, phone);
    }
    if (required && !mfaOn) {
      // MFA is required and the user has no factor yet: enrol one before any token is issued.
      return this.challenge(pool, client, user, 'MFA_SETUP', {
        MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA"]',
        USER_ID_FOR_SRP: user.Username,
      });
    }
    if (mfaOn) {
      return this.challenge(pool, client, user, 'SOFTWARE_TOKEN_MFA', {
        ...(totp.FriendlyDeviceName ? { FRIENDLY_DEVICE_NAME: totp.FriendlyDeviceName } : {}),
        USER_ID_FOR_SRP: user.Username,
      });
    }
    return this.signedIn(ctx, pool, client, user);
  }

  async signedIn(ctx: Context, pool: UserPoolService, client: AppClient, user: User): Promise<AuthResponse> {
    return {
      ChallengeParameters: {},
      AuthenticationResult: await this.deps.tokens.signIn(ctx, pool, client, user),
    };
  }

  /** SMS_MFA: a 6-digit code "sent" to the user's phone (delivered as a message, like every code here). */
  private async smsChallenge(
    ctx: Context,
    pool: UserPoolService,
    client: AppClient,
    user: User,
    phone: string,
  ): Promise<AuthResponse> {
    const code = this.deps.services.otp();
    const destination = await sendSignInCode(
      this.deps.services.messages,
      ctx,
      { pool, client, user },
      code,
      'SMS',
      phone,
    );
    return this.challenge(
      pool,
      client,
      user,
      'SMS_MFA',
      {
        CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS',
        CODE_DELIVERY_DESTINATION: destination,
        USER_ID_FOR_SRP: user.Username,
      },
      code,
    );
  }

  private challenge(
    pool: UserPoolService,
    client: AppClient,
    user: User,
    name: 'NEW_PASSWORD_REQUIRED' | 'SOFTWARE_TOKEN_MFA' | 'MFA_SETUP' | 'SMS_MFA',
    parameters: Record<string, string>,
    smsCode?: string,
  ): AuthResponse {
    const session = this.deps.challenges.create({
      challengeName: name,
      clientId: client.ClientId,
      userPoolId: pool.options.Id,
      username: user.Username,
      smsCode,
    });
    return { ChallengeName: name, Session: session, ChallengeParameters: parameters };
  }
}
