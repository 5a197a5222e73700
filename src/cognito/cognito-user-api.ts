import {
  AssociateSoftwareTokenCommand,
  CompleteWebAuthnRegistrationCommand,
  type CompleteWebAuthnRegistrationCommandInput,
  DeleteWebAuthnCredentialCommand,
  ListWebAuthnCredentialsCommand,
  StartWebAuthnRegistrationCommand,
  CognitoIdentityProviderClient,
  ConfirmForgotPasswordCommand,
  DeleteUserCommand,
  ForgotPasswordCommand,
  GetTokensFromRefreshTokenCommand,
  GetUserAttributeVerificationCodeCommand,
  GetUserCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  RevokeTokenCommand,
  SetUserMFAPreferenceCommand,
  UpdateUserAttributesCommand,
  VerifySoftwareTokenCommand,
  VerifyUserAttributeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import {
  CognitoAccessToken,
  CognitoIdToken,
  CognitoRefreshToken,
  CognitoUser,
  CognitoUserPool,
  CognitoUserSession,
  ICognitoUserSessionData,
} from 'amazon-cognito-identity-js';
import { DomainError } from '../common/domain-error';
import { ErrorCode } from '../common/error-code';
import { AppConfig } from '../config/app-config';
import { MetricsService } from '../metrics/metrics.service';
import {
  AuthStep,
  CodeDeliveryDetails,
  CognitoUserRecord,
  issuedTokens,
  IssuedTokens,
  MfaCodeChallenge,
  OtpChallenge,
  PasskeyRecord,
  stepOf,
  UserSessionTokens,
  WebAuthnJson,
} from './cognito-user-api.types';
import { userApiClients } from './user-api-clients';
import {
  cannotReceiveCode,
  codeMismatch,
  CognitoOperation,
  cognitoErrorName,
  mapCognitoError,
} from './cognito-errors';
import { CognitoSettings } from './cognito-settings';
import { IdentityJsRequestClient, RequestStorage } from './identity-js-request-client';
import { srpArithmetic } from './srp-arithmetic';
import { SignInTransport } from './sign-in-transport';
import { initiateSignIn, secretHashParameter } from './sign-in-flows';

/**
 * Cognito's user-facing API: every call the gateway makes on behalf of a user goes through here, with
 * SECRET_HASH when the app client has a secret, and every failure leaves as the contract's error.
 *
 * The SDK serves all calls but two: change-password and global sign-out rebuild an identity-js
 * CognitoUserSession from the tokens the app sent (a throwaway storage per request, ClockDrift 0),
 * whose requests go through the one-attempt SDK client. Sign-in with USER_SRP_AUTH answers PASSWORD_VERIFIER with
 * the fast SRP client, whose modexps run on a worker thread.
 */
@Injectable()
export class CognitoUserApi implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('CognitoUserApi');
  /** See userApiClients for which call takes which client. */
  private readonly oneAttempt: CognitoIdentityProviderClient;
  private readonly twoAttempts: CognitoIdentityProviderClient;
  private readonly probe: CognitoIdentityProviderClient;
  private readonly signInTransport: SignInTransport;
  private readonly pool: CognitoUserPool;

  constructor(
    private readonly settings: CognitoSettings,
    private readonly config: AppConfig,
    metrics: MetricsService,
  ) {
    ({
      oneAttempt: this.oneAttempt,
      twoAttempts: this.twoAttempts,
      probe: this.probe,
    } = userApiClients(settings, config, metrics));
    this.signInTransport = new SignInTransport(settings.apiEndpoint, config.cognitoTimeoutMs, metrics);
    this.pool = new CognitoUserPool({
      UserPoolId: settings.userPoolId,
      ClientId: settings.clientId,
      endpoint: settings.apiEndpoint,
    });
    // Every CognitoUser of this pool takes the pool's client.
    Object.assign(this.pool, { client: new IdentityJsRequestClient(this.oneAttempt) });
  }

  /**
   * With USER_SRP_AUTH, the SRP worker starts at boot and the gateway listens once it is ready, so the
   * first sign-in does not wait for its DH context (OpenSSL's prime check of N, ~1.4 s of CPU).
   */
  async onModuleInit(): Promise<void> {
    if (this.config.authFlow === 'USER_SRP_AUTH') await srpArithmetic.start();
  }

  async onApplicationShutdown(): Promise<void> {
    // The clients share one handler: this releases its pooled sockets.
    this.oneAttempt.destroy();
    await this.signInTransport.close();
  }

  /** The configured flow's first step, and for USER_SRP_AUTH its PASSWORD_VERIFIER answer. */
  signIn(username: string, password: string): Promise<AuthStep> {
    return this.call('signIn', async () =>
      stepOf(
        await initiateSignIn(this.signInTransport, this.settings, this.config.authFlow, username, password),
      ),
    );
  }

  answerNewPassword(
    username: string,
    session: string,
    newPassword: string,
    attributes: Record<string, string>,
  ): Promise<AuthStep> {
    const prefixed = Object.entries(attributes).map(
      ([name, value]) => [`userAttributes.${name}`, value] as const,
    );
    const responses = { ...Object.fromEntries(prefixed), NEW_PASSWORD: newPassword };
    return this.respond('NEW_PASSWORD_REQUIRED', username, session, responses);
  }

  answerMfaCode(name: MfaCodeChallenge, username: string, session: string, code: string): Promise<AuthStep> {
    const field = name === 'SMS_MFA' ? 'SMS_MFA_CODE' : 'SOFTWARE_TOKEN_MFA_CODE';
    return this.respond(name, username, session, { [field]: code });
  }

  /**
   * Choice-based sign-in (USER_AUTH) asking for a one-time code by email or SMS. Cognito answers with that
   * challenge, or with SELECT_CHALLENGE when the pool does not offer it.
   */
  startPasswordlessSignIn(username: string, method: OtpChallenge): Promise<AuthStep> {
    const command = new InitiateAuthCommand({
      AuthFlow: 'USER_AUTH',
      ClientId: this.settings.clientId,
      AuthParameters: {
        USERNAME: username,
        PREFERRED_CHALLENGE: method,
        ...secretHashParameter(this.settings, username),
      },
    });
    return this.call('passwordless', async () => stepOf(await this.oneAttempt.send(command)));
  }

  answerOtp(name: OtpChallenge, username: string, session: string, code: string): Promise<AuthStep> {
    const field = name === 'EMAIL_OTP' ? 'EMAIL_OTP_CODE' : 'SMS_OTP_CODE';
    return this.respond(name, username, session, { [field]: code }, 'passwordless');
  }

  /** Choice-based sign-in (USER_AUTH) with a passkey: Cognito answers WEB_AUTHN with the request options. */
  startPasskeySignIn(username: string): Promise<AuthStep> {
    const command = new InitiateAuthCommand({
      AuthFlow: 'USER_AUTH',
      ClientId: this.settings.clientId,
      AuthParameters: {
        USERNAME: username,
        PREFERRED_CHALLENGE: 'WEB_AUTHN',
        ...secretHashParameter(this.settings, username),
      },
    });
    return this.call('passkeySignIn', async () => stepOf(await this.oneAttempt.send(command)));
  }

  /** WEB_AUTHN answered with the browser's assertion (PublicKeyCredential.toJSON()). */
  answerPasskey(username: string, session: string, credential: WebAuthnJson): Promise<AuthStep> {
    const responses = { CREDENTIAL: JSON.stringify(credential) };
    return this.respond('WEB_AUTHN', username, session, responses, 'passkeyAnswer');
  }

  /** The options for navigator.credentials.create(); Cognito keeps the challenge for the completion. */
  async startPasskeyRegistration(accessToken: string): Promise<WebAuthnJson> {
    const command = new StartWebAuthnRegistrationCommand({ AccessToken: accessToken });
    const output = await this.call('passkeys', () => this.oneAttempt.send(command));
    return (output.CredentialCreationOptions ?? {}) as WebAuthnJson;
  }

  async completePasskeyRegistration(accessToken: string, credential: WebAuthnJson): Promise<void> {
    const command = new CompleteWebAuthnRegistrationCommand({
      AccessToken: accessToken,
      // The SDK's DocumentType is any JSON value; the DTO checked the shape.
      Credential: credential as CompleteWebAuthnRegistrationCommandInput['Credential'],
    });
    await this.call('passkeys', () => this.oneAttempt.send(command));
  }

  /** Every passkey of the signed-in user, all pages. */
  listPasskeys(accessToken: string): Promise<PasskeyRecord[]> {
    return this.call('passkeys', async () => {
      const passkeys: PasskeyRecord[] = [];
      let NextToken: string | undefined;
      do {
        const page = await this.twoAttempts.send(
          new ListWebAuthnCredentialsCommand({ AccessToken: accessToken, MaxResults: 20, NextToken }),
        );
        for (const c of page.Credentials ?? []) {
          passkeys.push({
            credentialId: c.CredentialId ?? '',
            friendlyName: c.FriendlyCredentialName,
            relyingPartyId: c.RelyingPartyId ?? '',
            authenticatorAttachment: c.AuthenticatorAttachment,
            createdAt: c.CreatedAt ?? new Date(0),
          });
        }
        NextToken = page.NextToken;
      } while (NextToken);
      return passkeys;
    });
  }

  async deletePasskey(accessToken: string, credentialId: string): Promise<void> {
    const command = new DeleteWebAuthnCredentialCommand({
      AccessToken: accessToken,
      CredentialId: credentialId,
    });
    await this.call('passkeys', () => this.oneAttempt.send(command));
  }

  /** MFA_SETUP: a new authenticator secret for the challenge session, and the session that goes with it. */
  async startTotpEnrolment(session: string): Promise<{ secretCode?: string; session?: string }> {
    const command = new AssociateSoftwareTokenCommand({ Session: session });
    const output = await this.call('challenge', () => this.oneAttempt.send(command));
    return { secretCode: output.SecretCode, session: output.Session };
  }

  /** MFA_SETUP: verifies the first code with the challenge session, then answers the challenge. */
  completeTotpEnrolment(
    username: string,
    session: string,
    code: string,
    deviceName: string,
  ): Promise<AuthStep> {
    return this.call('challenge', async () => {
      const verified = await this.oneAttempt.send(
        new VerifySoftwareTokenCommand({ Session: session, UserCode: code, FriendlyDeviceName: deviceName }),
      );
      if (verified.Status !== 'SUCCESS' || !verified.Session) throw codeMismatch();
      return this.respond('MFA_SETUP', username, verified.Session, {});
    });
  }

  /**
   * GetTokensFromRefreshToken: works whether or not the app client rotates refresh tokens (InitiateAuth's
   * REFRESH_TOKEN_AUTH is refused on one that does), and takes the client secret itself rather than a
   * SECRET_HASH, so it needs no username. The answer carries a refresh token only when Cognito rotated it.
   */
  refresh(refreshToken: string): Promise<IssuedTokens | undefined> {
    const { clientId: ClientId, clientSecret: ClientSecret } = this.settings;
    return this.call('refresh', async () => {
      const { AuthenticationResult: result } = await this.oneAttempt.send(
        new GetTokensFromRefreshTokenCommand({ ClientId, ClientSecret, RefreshToken: refreshToken }),
      );
      return result && issuedTokens(result);
    });
  }

  async revokeRefreshToken(refreshToken: string): Promise<void> {
    const { clientId: ClientId, clientSecret: ClientSecret } = this.settings;
    await this.call('refresh', () =>
      this.oneAttempt.send(new RevokeTokenCommand({ ClientId, ClientSecret, Token: refreshToken })),
    );
  }

  globalSignOut(tokens: UserSessionTokens): Promise<void> {
    return this.call('userToken', () => {
      const user = this.sessionUser(tokens);
      return new Promise<void>((resolve, reject) =>
        user.globalSignOut({ onSuccess: () => resolve(), onFailure: reject }),
      );
    });
  }

  changePassword(tokens: UserSessionTokens, currentPassword: string, newPassword: string): Promise<void> {
    return this.call('changePassword', () => {
      const user = this.sessionUser(tokens);
      return new Promise<void>((resolve, reject) =>
        user.changePassword(currentPassword, newPassword, (error) => (error ? reject(error) : resolve())),
      );
    });
  }

  /**
   * Sends a password reset code: where it went, or undefined when none goes out to this username (an
   * unknown user, or one without a verified channel) so that the caller can answer alike.
   */
  async sendPasswordResetCode(username: string): Promise<CodeDeliveryDetails | undefined> {
    try {
      const { CodeDeliveryDetails: details } = await this.oneAttempt.send(
        new ForgotPasswordCommand({
          ClientId: this.settings.clientId,
          Username: username,
          SecretHash: this.settings.secretHashOf(username),
        }),
      );
      return { medium: details?.DeliveryMedium, destination: details?.Destination };
    } catch (error) {
      if (!cannotReceiveCode(error)) throw this.refused(error, 'forgotPassword');
      this.logger.debug(`forgot-password for ${username}: no code sent (${cognitoErrorName(error)})`);
      return undefined;
    }
  }

  async confirmPasswordReset(username: string, code: string, newPassword: string): Promise<void> {
    const { clientId: ClientId } = this.settings;
    const SecretHash = this.settings.secretHashOf(username);
    const input = { ClientId, Username: username, ConfirmationCode: code, Password: newPassword, SecretHash };
    await this.call('forgotPassword', () => this.oneAttempt.send(new ConfirmForgotPasswordCommand(input)));
  }

  getUser(accessToken: string): Promise<CognitoUserRecord> {
    return this.call('userToken', async () => {
      const user = await this.twoAttempts.send(new GetUserCommand({ AccessToken: accessToken }));
      const attributes: Record<string, string> = {};
      for (const { Name, Value } of user.UserAttributes ?? [])
        if (Name && Value !== undefined) attributes[Name] = Value;
      return {
        username: user.Username,
        attributes,
        mfaMethods: user.UserMFASettingList ?? [],
        preferredMfa: user.PreferredMfaSetting,
      };
    });
  }

  async updateUserAttributes(accessToken: string, attributes: Record<string, string>): Promise<void> {
    const UserAttributes = Object.entries(attributes).map(([Name, Value]) => ({ Name, Value }));
    await this.call('userToken', () =>
      this.twoAttempts.send(new UpdateUserAttributesCommand({ AccessToken: accessToken, UserAttributes })),
    );
  }

  /** Sends a code to verify the user's email or phone number; one attempt, so that one code goes out. */
  async sendAttributeVerificationCode(accessToken: string, attribute: string): Promise<CodeDeliveryDetails> {
    const command = new GetUserAttributeVerificationCodeCommand({
      AccessToken: accessToken,
      AttributeName: attribute,
    });
    const { CodeDeliveryDetails: details } = await this.call('userToken', () =>
      this.oneAttempt.send(command),
    );
    return { medium: details?.DeliveryMedium, destination: details?.Destination };
  }

  async verifyAttribute(accessToken: string, attribute: string, code: string): Promise<void> {
    const command = new VerifyUserAttributeCommand({
      AccessToken: accessToken,
      AttributeName: attribute,
      Code: code,
    });
    await this.call('userToken', () => this.oneAttempt.send(command));
  }

  /** Deletes the signed-in user; one attempt (a retry would find the user gone and fail). */
  async deleteUser(accessToken: string): Promise<void> {
    await this.call('userToken', () =>
      this.oneAttempt.send(new DeleteUserCommand({ AccessToken: accessToken })),
    );
  }

  /** A new authenticator secret for the signed-in user, or undefined if Cognito issued none. */
  async associateSoftwareToken(accessToken: string): Promise<string | undefined> {
    const command = new AssociateSoftwareTokenCommand({ AccessToken: accessToken });
    return (await this.call('userToken', () => this.twoAttempts.send(command))).SecretCode;
  }

  async verifySoftwareToken(accessToken: string, code: string, deviceName?: string): Promise<void> {
    const command = new VerifySoftwareTokenCommand({
      AccessToken: accessToken,
      UserCode: code,
      FriendlyDeviceName: deviceName,
    });
    const { Status } = await this.call('userToken', () => this.twoAttempts.send(command));
    if (Status !== 'SUCCESS') throw codeMismatch();
  }

  async setTotpPreference(accessToken: string, enabled: boolean, preferred: boolean): Promise<void> {
    const SoftwareTokenMfaSettings = { Enabled: enabled, PreferredMfa: preferred };
    await this.call('userToken', () =>
      this.twoAttempts.send(
        new SetUserMFAPreferenceCommand({ AccessToken: accessToken, SoftwareTokenMfaSettings }),
      ),
    );
  }

  /** Readiness: resolves when Cognito answers at all (a made-up token's 4xx), rejects on a 5xx or none. */
  async ping(): Promise<void> {
    try {
      await this.probe.send(new GetUserCommand({ AccessToken: 'health-check' }));
    } catch (error) {
      if ((error as { $fault?: string }).$fault !== 'client') throw error;
    }
  }

  /** One answer to a challenge, as the user it was issued to, with the SECRET_HASH where needed. */
  private respond(
    name: MfaCodeChallenge | OtpChallenge | 'NEW_PASSWORD_REQUIRED' | 'MFA_SETUP' | 'WEB_AUTHN',
    username: string,
    session: string,
    responses: Record<string, string>,
    operation: CognitoOperation = 'challenge',
  ): Promise<AuthStep> {
    const ChallengeResponses = {
      ...responses,
      USERNAME: username,
      ...secretHashParameter(this.settings, username),
    };
    const command = new RespondToAuthChallengeCommand({
      ChallengeName: name,
      ClientId: this.settings.clientId,
      Session: session,
      ChallengeResponses,
    });
    return this.call(operation, async () => stepOf(await this.oneAttempt.send(command)));
  }

  /** The "send all three tokens" session, rebuilt from this request's verified tokens. */
  private sessionUser(tokens: UserSessionTokens): CognitoUser {
    // identity-js reads ClockDrift but its typings omit it.
    const data: ICognitoUserSessionData & { ClockDrift: number } = {
      IdToken: new CognitoIdToken({ IdToken: tokens.idToken }),
      AccessToken: new CognitoAccessToken({ AccessToken: tokens.accessToken }),
      RefreshToken: new CognitoRefreshToken({ RefreshToken: '' }),
      // Without it identity-js sets drift = now − iat, which makes every token look freshly issued
      // and never expired. The tokens were verified against our clock: drift is 0.
      ClockDrift: 0,
    };
    const session = new CognitoUserSession(data);
    if (!session.isValid()) throw new DomainError(ErrorCode.TOKEN_EXPIRED, 'The access token has expired');
    const storage = new RequestStorage();
    const user = new CognitoUser({ Username: tokens.username, Pool: this.pool, Storage: storage });
    user.setSignInUserSession(session);
    return user;
  }

  /** Runs one Cognito interaction; anything it throws leaves as the contract's error. */
  private async call<T>(operation: CognitoOperation, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw this.refused(error, operation);
    }
  }

  private refused(error: unknown, operation: CognitoOperation): DomainError {
    if (!(error instanceof DomainError))
      this.logger.debug(`Cognito refused (${operation}): ${cognitoErrorName(error)}`);
    return mapCognitoError(error, operation);
  }
}
