import {
  AssociateSoftwareTokenCommand,
  AuthenticationResultType,
  CognitoIdentityProviderClient,
  GetUserCommand,
  InitiateAuthCommand,
  InitiateAuthCommandOutput,
  RevokeTokenCommand,
  SetUserMFAPreferenceCommand,
  UpdateUserAttributesCommand,
  VerifySoftwareTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import {
  CognitoAccessToken,
  CognitoIdToken,
  CognitoRefreshToken,
  CognitoUserPool,
  CognitoUserSession,
  IAuthenticationCallback,
  ICognitoUserSessionData,
} from 'amazon-cognito-identity-js';
import { decomposeUnverifiedJwt } from 'aws-jwt-verify/jwt';
import { createHash } from 'node:crypto';
import { DomainError } from '../common/domain-error';
import { ErrorCode } from '../common/error-code';
import { CognitoOperation, mapCognitoError } from '../cognito/cognito-errors';
import { CognitoSettings } from '../cognito/cognito-settings';
import { SrpClient } from '../cognito/srp';
import { srpArithmetic } from '../cognito/srp-arithmetic';
import { AppConfig } from '../config/app-config';
import { MetricsService, SignInStage } from '../metrics/metrics.service';
import { FullSessionUser, SignedInUser } from './access-token-claims';
import { unwrapChallengeSession, wrapChallengeSession } from './challenge-session';
import {
  BoundedIdentityJsClient,
  IdentityJsClient,
  RequestCognitoUser,
  requestUser,
} from './identity-js-client';
import { RevocationStore } from '../revocation/revocation.store';
import {
  ChallengeName,
  CodeDelivery,
  Profile,
  SignInResult,
  Tokens,
  TotpPreference,
  TotpSetup,
} from './sign-in-result';

/** One step of a sign-in, whichever API (SDK or identity-js) produced it. */
interface SignInStep {
  tokens?: Pick<AuthenticationResultType, 'AccessToken' | 'IdToken' | 'RefreshToken' | 'ExpiresIn'>;
  challenge?: { name: string; session?: string; parameters?: Record<string, string> };
  requiredAttributes?: string[];
}

const TOTP_ISSUER = 'Cognito Gateway';
const TOTP_DEVICE_NAME = 'Authenticator app';
const NEW_PASSWORD_ATTRIBUTE_PREFIX = 'userAttributes.';
const EMAIL = /^[^@\s]+@[^@\s]+$/;

/**
 * Cognito's user-facing API for this gateway. No server-side session: every call rebuilds what it needs
 * from what the app sent (tokens, a challenge session).
 *
 * - Routes that need the full session (change password, global sign-out) rebuild an identity-js
 *   CognitoUser + CognitoUserSession per request, with a throwaway storage and ClockDrift 0.
 * - Challenge answers rebuild a CognitoUser, restore Cognito's Session and let identity-js answer.
 * - Forgot/confirm password go through identity-js too, on a bounded client (one attempt, a timeout)
 *   that adds the SECRET_HASH of an app client with a secret; refresh is one InitiateAuth on that client,
 *   so that a revoked refresh token fails at once instead of after ~6.4 s of identity-js's retries.
 * - Sign-in calls InitiateAuth on that client and, for USER_SRP_AUTH, answers with the fast SRP client
 *   (its modexps on a worker thread): identity-js's authenticateUser spends ~90 ms of CPU on an SRP
 *   helper even for USER_PASSWORD_AUTH, all of it on the event loop.
 * - Bearer-only routes (profile, TOTP, MFA preference) need only the access token, which is all
 *   Cognito's API takes for them: one SDK call each.
 * Every failure goes through mapCognitoError; nothing here logs a password, code or token.
 */
@Injectable()
export class CognitoSessionService implements OnModuleInit {
  private readonly logger = new Logger('CognitoSession');

  constructor(
    private readonly sdk: CognitoIdentityProviderClient,
    private readonly pool: CognitoUserPool,
    @Inject(BoundedIdentityJsClient) private readonly identityClient: IdentityJsClient,
    private readonly settings: CognitoSettings,
    private readonly config: AppConfig,
    private readonly revocations: RevocationStore,
    private readonly metrics: MetricsService,
  ) {}

  /**
   * With USER_SRP_AUTH, the SRP worker starts at boot and the gateway listens once it is ready, so the
   * first sign-in does not wait for it: its DH context runs OpenSSL's prime check of N, ~1.4 s of CPU.
   */
  async onModuleInit(): Promise<void> {
    if (this.config.authFlow === 'USER_SRP_AUTH') await srpArithmetic.start();
  }

  async signIn(username: string, password: string): Promise<SignInResult> {
    const signedIn = this.cognito('signIn', async () => {
      const output =
        this.config.authFlow === 'USER_PASSWORD_AUTH'
          ? await this.send<InitiateAuthCommandOutput>('InitiateAuth', {
              AuthFlow: 'USER_PASSWORD_AUTH',
              ClientId: this.settings.clientId,
              AuthParameters: { USERNAME: username, PASSWORD: password },
            })
          : await this.srpSignIn(username, password);
      const result = await this.toSignInResult(stepOf(output), username);
      this.logger.debug(`sign-in of ${username}: ${outcome(result)}`);
      return result;
    });
    return this.counted('password', signedIn);
  }

  async completeNewPassword(
    username: string,
    session: string,
    newPassword: string,
    attributes: Record<string, string> = {},
  ): Promise<SignInResult> {
    const { cognitoSession } = unwrapChallengeSession(session, ['NEW_PASSWORD_REQUIRED']);
    const answered = this.cognito('challenge', async () => {
      const user = this.user(username);
      user.Session = cognitoSession;
      const step = await new Promise<SignInStep>((resolve, reject) =>
        user.completeNewPasswordChallenge(newPassword, attributes, this.callbacks(user, resolve, reject)),
      );
      const result = await this.toSignInResult(step, username);
      this.logger.debug(`new password of ${username}: ${outcome(result)}`);
      return result;
    });
    return this.counted('new_password', answered);
  }

  async answerMfa(username: string, session: string, code: string): Promise<SignInResult> {
    const { name, cognitoSession } = unwrapChallengeSession(session, [
      'SOFTWARE_TOKEN_MFA',
      'SMS_MFA',
      'MFA_SETUP',
    ]);
    const answered = this.cognito('challenge', async () => {
      const user = this.user(username);
      user.Session = cognitoSession;
      const step = await new Promise<SignInStep>((resolve, reject) => {
        const callbacks = this.callbacks(user, resolve, reject);
        if (name === 'MFA_SETUP') {
          // identity-js verifies the code with the session, then answers MFA_SETUP in the same call.
          user.verifySoftwareToken(code, TOTP_DEVICE_NAME, callbacks);
        } else {
          user.sendMFACode(code, callbacks, name);
        }
      });
      const result = await this.toSignInResult(step, username);
      this.logger.debug(`${name} answer of ${username}: ${outcome(result)}`);
      return result;
    });
    return this.counted('mfa', answered);
  }

  /**
   * New access and id tokens; the refresh token is returned only when Cognito rotated it. An app client
   * with a secret needs the username for the SECRET_HASH (Cognito's own username, which for a pool
   * signing in by email is the `sub`: what GET /auth/session answers as `username`).
   */
  async refresh(refreshToken: string, username?: string): Promise<Tokens> {
    if (this.settings.clientSecret !== undefined && username === undefined) {
      throw new DomainError(
        ErrorCode.VALIDATION_FAILED,
        'username is required to refresh: this gateway’s Cognito app client has a secret',
        [{ field: 'username', message: 'username is required with this app client' }],
      );
    }
    const secretHash = username === undefined ? undefined : this.settings.secretHashOf(username);
    return this.cognito('refresh', async () => {
      const { AuthenticationResult: result } = await this.send<InitiateAuthCommandOutput>('InitiateAuth', {
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        ClientId: this.settings.clientId,
        AuthParameters: { REFRESH_TOKEN: refreshToken, ...(secretHash ? { SECRET_HASH: secretHash } : {}) },
      });
      if (!result) throw unsupportedStep();
      const rotated = result.RefreshToken && result.RefreshToken !== refreshToken;
      const tokens = toTokens({ ...result, RefreshToken: rotated ? result.RefreshToken : undefined });
      this.logger.debug(`refresh: ${tokens.refreshToken ? 'rotated' : 'same'} refresh token`);
      return tokens;
    });
  }

  /**
   * Revokes a refresh token at Cognito and, in this gateway, the access tokens of its sign-in session
   * (their `origin_jti`). The session id comes from the refresh token when it is a readable JWT that
   * carries one; AWS's refresh tokens are encrypted, so otherwise one refresh exchange yields an access
   * token of the same session. The local revocation happens only after Cognito accepted the token, so
   * a forged token cannot revoke someone else's session. The store is checked first, so that when it is
   * unavailable the request fails before Cognito revoked anything and a retry can still complete it.
   */
  async revokeRefreshToken(refreshToken: string): Promise<void> {
    await this.revocations.assertWritable();
    await this.cognito('refresh', async () => {
      const originJti =
        originJtiOf(refreshToken) ??
        // The exchange would need a SECRET_HASH, hence a username, which this route is not given.
        (this.settings.clientSecret === undefined ? await this.originJtiByExchange(refreshToken) : undefined);
      await this.sdk.send(
        new RevokeTokenCommand({
          ClientId: this.settings.clientId,
          ClientSecret: this.settings.clientSecret,
          Token: refreshToken,
        }),
      );
      if (originJti) await this.revocations.revokeSession(originJti);
      this.logger.debug(`refresh token revoked${originJti ? ' with its session' : ' (its session unknown)'}`);
    });
  }

  /** Global sign-out at Cognito, then this gateway refuses the user's earlier access tokens. */
  async signOut(caller: FullSessionUser): Promise<void> {
    await this.cognito('userToken', async () => {
      const user = this.sessionUser(caller);
      await new Promise<void>((resolve, reject) =>
        user.globalSignOut({ onSuccess: () => resolve(), onFailure: reject }),
      );
    });
    await this.revocations.revokeUserNow(caller.claims.sub);
    this.logger.debug(`global sign-out of ${caller.claims.username}`);
  }

  async changePassword(caller: FullSessionUser, currentPassword: string, newPassword: string): Promise<void> {
    await this.cognito('changePassword', async () => {
      const user = this.sessionUser(caller);
      await new Promise<void>((resolve, reject) =>
        user.changePassword(currentPassword, newPassword, (error) => (error ? reject(error) : resolve())),
      );
    });
    this.logger.debug(`password changed for ${caller.claims.username}`);
  }

  /**
   * Sends a reset code. Answers the same way whether the user exists or not: for an unknown user (or
   * one who cannot receive a code) the delivery is simulated — medium EMAIL and a masked destination
   * derived from the username, as stable across calls as a real one — so the answer cannot be used to
   * discover accounts. Real destinations are masked too (Cognito masks; the local one does not).
   */
  async forgotPassword(username: string): Promise<CodeDelivery> {
    try {
      const data = await new Promise<{
        CodeDeliveryDetails?: { DeliveryMedium?: string; Destination?: string };
      }>((resolve, reject) => this.user(username).forgotPassword({ onSuccess: resolve, onFailure: reject }));
      const details = data.CodeDeliveryDetails ?? {};
      return {
        deliveryMedium: details.DeliveryMedium ?? 'EMAIL',
        destination: details.Destination
          ? maskDestination(details.Destination)
          : simulatedDestination(username),
      };
    } catch (error) {
      if (!cannotReceiveCode(error)) throw mapCognitoError(error, 'forgotPassword');
      this.logger.debug(`forgot-password for ${username}: no code sent (${errorName(error)})`);
      return { deliveryMedium: 'EMAIL', destination: simulatedDestination(username) };
    }
  }

  async confirmForgotPassword(username: string, code: string, newPassword: string): Promise<void> {
    await this.cognito(
      'forgotPassword',
      () =>
        new Promise<void>((resolve, reject) =>
          this.user(username).confirmPassword(code, newPassword, {
            onSuccess: () => resolve(),
            onFailure: reject,
          }),
        ),
    );
    this.logger.debug(`password reset confirmed for ${username}`);
  }

  async getProfile(caller: SignedInUser): Promise<Profile> {
    return this.cognito('userToken', async () => {
      const user = await this.sdk.send(new GetUserCommand({ AccessToken: caller.accessToken }));
      const attributes: Record<string, string> = {};
      let sub = caller.claims.sub;
      for (const { Name, Value } of user.UserAttributes ?? []) {
        if (!Name || Value === undefined) continue;
        if (Name === 'sub') sub = Value;
        else attributes[Name] = Value;
      }
      const totpOn = (user.UserMFASettingList ?? []).includes('SOFTWARE_TOKEN_MFA');
      const totp: TotpPreference = !totpOn
        ? 'DISABLED'
        : user.PreferredMfaSetting === 'SOFTWARE_TOKEN_MFA'
          ? 'PREFERRED'
          : 'ENABLED';
      return { username: user.Username ?? caller.claims.username, sub, attributes, mfa: { totp } };
    });
  }

  async updateProfile(caller: SignedInUser, attributes: Record<string, string>): Promise<Profile> {
    await this.cognito('userToken', () =>
      this.sdk.send(
        new UpdateUserAttributesCommand({
          AccessToken: caller.accessToken,
          UserAttributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })),
        }),
      ),
    );
    this.logger.debug(`profile of ${caller.claims.username} updated: ${Object.keys(attributes).join(', ')}`);
    return this.getProfile(caller);
  }

  async setUpTotp(caller: SignedInUser): Promise<TotpSetup> {
    return this.cognito('userToken', async () => {
      const { SecretCode } = await this.sdk.send(
        new AssociateSoftwareTokenCommand({ AccessToken: caller.accessToken }),
      );
      if (!SecretCode)
        throw new DomainError(ErrorCode.UPSTREAM_UNAVAILABLE, 'No secret was issued', undefined, 5);
      return { secretCode: SecretCode, otpauthUri: otpauthUri(caller.claims.username, SecretCode) };
    });
  }

  async verifyTotp(caller: SignedInUser, code: string, deviceName?: string): Promise<void> {
    await this.cognito('userToken', async () => {
      const { Status } = await this.sdk.send(
        new VerifySoftwareTokenCommand({
          AccessToken: caller.accessToken,
          UserCode: code,
          FriendlyDeviceName: deviceName,
        }),
      );
      if (Status !== 'SUCCESS') throw new DomainError(ErrorCode.CODE_MISMATCH, 'The code is incorrect');
    });
    this.logger.debug(`TOTP verified for ${caller.claims.username}`);
  }

  async setMfaPreference(caller: SignedInUser, totp: TotpPreference): Promise<void> {
    await this.cognito('userToken', () =>
      this.sdk.send(
        new SetUserMFAPreferenceCommand({
          AccessToken: caller.accessToken,
          SoftwareTokenMfaSettings: { Enabled: totp !== 'DISABLED', PreferredMfa: totp === 'PREFERRED' },
        }),
      ),
    );
    this.logger.debug(`TOTP preference of ${caller.claims.username}: ${totp}`);
  }

  /** Runs one Cognito interaction; anything it throws leaves as the contract's error. */
  private async cognito<T>(operation: CognitoOperation, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof DomainError))
        this.logger.debug(`Cognito refused (${operation}): ${errorName(error)}`);
      throw mapCognitoError(error, operation);
    }
  }

  /** Counts a sign-in step's outcome for /metrics and passes it on unchanged. */
  private async counted(step: SignInStage, pending: Promise<SignInResult>): Promise<SignInResult> {
    try {
      const result = await pending;
      if (result.status === 'AUTHENTICATED') this.metrics.observeSignIn(step, 'authenticated');
      else this.metrics.observeSignIn(step, 'challenge', result.challenge.name);
      return result;
    } catch (error) {
      const code = error instanceof DomainError ? error.code : ErrorCode.INTERNAL_ERROR;
      this.metrics.observeSignIn(step, 'failed', code);
      throw error;
    }
  }

  /** USER_SRP_AUTH: PASSWORD_VERIFIER answered with the fast SRP client. */
  private async srpSignIn(username: string, password: string): Promise<InitiateAuthCommandOutput> {
    const srp = await SrpClient.create();
    const start = await this.send<InitiateAuthCommandOutput>('InitiateAuth', {
      AuthFlow: 'USER_SRP_AUTH',
      ClientId: this.settings.clientId,
      AuthParameters: { USERNAME: username, SRP_A: srp.srpA },
    });
    const parameters = start.ChallengeParameters ?? {};
    if (start.ChallengeName !== 'PASSWORD_VERIFIER') return start;
    const userIdForSrp = parameters.USER_ID_FOR_SRP ?? username;
    const claim = await srp.passwordClaim({
      userPoolId: this.settings.userPoolId,
      userIdForSrp,
      password,
      srpB: parameters.SRP_B ?? '',
      salt: parameters.SALT ?? '',
      secretBlock: parameters.SECRET_BLOCK ?? '',
    });
    return this.send<InitiateAuthCommandOutput>('RespondToAuthChallenge', {
      ChallengeName: 'PASSWORD_VERIFIER',
      ClientId: this.settings.clientId,
      Session: start.Session,
      ChallengeResponses: {
        USERNAME: userIdForSrp,
        PASSWORD_CLAIM_SECRET_BLOCK: parameters.SECRET_BLOCK ?? '',
        PASSWORD_CLAIM_SIGNATURE: claim.signature,
        TIMESTAMP: claim.timestamp,
      },
    });
  }

  /**
   * One call on the hot sign-in path through identity-js's request client (keep-alive, one attempt,
   * bounded): the SDK's middleware stack costs ~0.7 ms more CPU per call, which sign-in pays twice.
   */
  private send<T>(operation: string, params: object): Promise<T> {
    return new Promise<T>((resolve, reject) =>
      this.identityClient.request(operation, params, (error, data) =>
        error ? reject(error) : resolve(data as T),
      ),
    );
  }

  private async toSignInResult(step: SignInStep, username: string): Promise<SignInResult> {
    if (step.tokens) return { status: 'AUTHENTICATED', tokens: toTokens(step.tokens) };
    const name = step.challenge?.name;
    const session = step.challenge?.session;
    if (!session) throw unsupportedStep();
    switch (name) {
      case 'NEW_PASSWORD_REQUIRED':
        return {
          status: 'CHALLENGE',
          challenge: {
            name,
            session: wrapChallengeSession(name, session),
            requiredAttributes: step.requiredAttributes ?? requiredAttributesOf(step.challenge?.parameters),
          },
        };
      case 'SOFTWARE_TOKEN_MFA':
      case 'SMS_MFA':
        return { status: 'CHALLENGE', challenge: { name, session: wrapChallengeSession(name, session) } };
      case 'MFA_SETUP': {
        // Enrolment starts right away with the challenge session; the code comes back on the MFA route.
        const associated = await this.sdk.send(new AssociateSoftwareTokenCommand({ Session: session }));
        if (!associated.SecretCode || !associated.Session) throw unsupportedStep();
        return {
          status: 'CHALLENGE',
          challenge: {
            name,
            session: wrapChallengeSession(name, associated.Session),
            secretCode: associated.SecretCode,
            otpauthUri: otpauthUri(username, associated.SecretCode),
          },
        };
      }
      default:
        throw unsupportedStep();
    }
  }

  /** identity-js's callbacks turned into one SignInStep (user.Session holds the next challenge's session). */
  private callbacks(
    user: RequestCognitoUser,
    resolve: (step: SignInStep) => void,
    reject: (error: unknown) => void,
  ): IAuthenticationCallback {
    const challenge = (name: ChallengeName | 'SELECT_MFA_TYPE') => () =>
      resolve({ challenge: { name, session: user.Session ?? undefined } });
    return {
      onSuccess: (session) =>
        resolve({
          tokens: {
            AccessToken: session.getAccessToken().getJwtToken(),
            IdToken: session.getIdToken().getJwtToken(),
            RefreshToken: session.getRefreshToken()?.getToken() || undefined,
          },
        }),
      onFailure: reject,
      newPasswordRequired: (_userAttributes, requiredAttributes: string[]) =>
        resolve({
          challenge: { name: 'NEW_PASSWORD_REQUIRED', session: user.Session ?? undefined },
          requiredAttributes,
        }),
      mfaRequired: challenge('SMS_MFA'),
      totpRequired: challenge('SOFTWARE_TOKEN_MFA'),
      mfaSetup: challenge('MFA_SETUP'),
      selectMFAType: challenge('SELECT_MFA_TYPE'),
      customChallenge: () => reject(unsupportedStep()),
    };
  }

  /** A CognitoUser for this request only: its own storage, the bounded client. */
  private user(username: string): RequestCognitoUser {
    return requestUser(this.pool, this.identityClient, username);
  }

  /** The seed's "send all three tokens" session, rebuilt from the verified tokens of this request. */
  private sessionUser(caller: FullSessionUser): RequestCognitoUser {
    // identity-js reads ClockDrift but its typings omit it.
    const data: ICognitoUserSessionData & { ClockDrift: number } = {
      IdToken: new CognitoIdToken({ IdToken: caller.idToken }),
      AccessToken: new CognitoAccessToken({ AccessToken: caller.accessToken }),
      RefreshToken: new CognitoRefreshToken({ RefreshToken: '' }),
      // Without it identity-js sets drift = now − iat, which makes every token look freshly issued
      // and never expired. The tokens were verified against our clock: drift is 0.
      ClockDrift: 0,
    };
    const session = new CognitoUserSession(data);
    if (!session.isValid()) throw new DomainError(ErrorCode.TOKEN_EXPIRED, 'The access token has expired');
    // The username comes from the verified access token, never from the request body.
    const user = this.user(caller.claims.username);
    user.setSignInUserSession(session);
    return user;
  }

  private async originJtiByExchange(refreshToken: string): Promise<string | undefined> {
    const { AuthenticationResult: result } = await this.sdk.send(
      new InitiateAuthCommand({
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        ClientId: this.settings.clientId,
        AuthParameters: { REFRESH_TOKEN: refreshToken },
      }),
    );
    if (result?.RefreshToken) {
      // With rotation on, the exchange minted a successor: revoke it as well.
      await this.sdk.send(
        new RevokeTokenCommand({ ClientId: this.settings.clientId, Token: result.RefreshToken }),
      );
    }
    return result?.AccessToken ? originJtiOf(result.AccessToken) : undefined;
  }
}

function stepOf(output: InitiateAuthCommandOutput): SignInStep {
  if (output.AuthenticationResult) return { tokens: output.AuthenticationResult };
  return {
    challenge: {
      name: output.ChallengeName ?? '',
      session: output.Session,
      parameters: output.ChallengeParameters,
    },
  };
}

function toTokens(result: SignInStep['tokens'] & object): Tokens {
  const { AccessToken: accessToken, IdToken: idToken } = result;
  if (!accessToken || !idToken) throw unsupportedStep();
  const tokens: Tokens = {
    idToken,
    accessToken,
    expiresIn: result.ExpiresIn ?? lifetimeOf(accessToken),
    tokenType: 'Bearer',
  };
  if (result.RefreshToken) tokens.refreshToken = result.RefreshToken;
  return tokens;
}

function unverifiedClaims(token: string): Record<string, unknown> | undefined {
  try {
    return decomposeUnverifiedJwt(token).payload;
  } catch {
    return undefined;
  }
}

/** exp − iat of a token Cognito just issued (Cognito's ExpiresIn is not always sent). */
function lifetimeOf(token: string): number {
  const claims = unverifiedClaims(token);
  const exp = claims?.exp;
  const iat = claims?.iat;
  return typeof exp === 'number' && typeof iat === 'number' ? exp - iat : 3600;
}

function originJtiOf(token: string): string | undefined {
  const jti = unverifiedClaims(token)?.origin_jti;
  return typeof jti === 'string' && jti.length > 0 ? jti : undefined;
}

function requiredAttributesOf(parameters: Record<string, string> | undefined): string[] {
  try {
    const raw = JSON.parse(parameters?.requiredAttributes ?? '[]') as unknown;
    return Array.isArray(raw)
      ? raw
          .filter((name): name is string => typeof name === 'string')
          .map((name) => name.replace(NEW_PASSWORD_ATTRIBUTE_PREFIX, ''))
      : [];
  } catch {
    return [];
  }
}

function otpauthUri(account: string, secret: string): string {
  const issuer = encodeURIComponent(TOTP_ISSUER);
  return `otpauth://totp/${issuer}:${encodeURIComponent(account)}?secret=${secret}&issuer=${issuer}&algorithm=SHA1&digits=6&period=30`;
}

/** Cognito's mask: first character of the local part and of the domain (`a***@e***`). */
function maskDestination(destination: string): string {
  if (destination.includes('*')) return destination;
  if (EMAIL.test(destination)) {
    const [local, domain] = destination.split('@');
    return `${local[0]}***@${domain[0]}***`;
  }
  return `+*******${destination.slice(-4)}`;
}

/** A stable, plausible destination for a user who gets no code (the username's mask if it is an email). */
function simulatedDestination(username: string): string {
  if (EMAIL.test(username)) return maskDestination(username);
  const digest = createHash('sha256').update(username).digest();
  const letter = (byte: number): string => String.fromCharCode(97 + (byte % 26));
  return `${letter(digest[0])}***@${letter(digest[1])}***`;
}

/** Errors meaning "no code goes out to this username": unknown user, or no verified channel. */
function cannotReceiveCode(error: unknown): boolean {
  const name = errorName(error);
  if (name === 'UserNotFoundException') return true;
  const message = (error as { message?: unknown })?.message;
  return (
    (name === 'InvalidParameterException' || name === 'NotAuthorizedException') &&
    typeof message === 'string' &&
    /registered|verified|current state|disabled/i.test(message)
  );
}

function errorName(error: unknown): string {
  const e = error as { name?: unknown; code?: unknown } | undefined;
  const name = typeof e?.name === 'string' && e.name !== 'Error' ? e.name : e?.code;
  return typeof name === 'string' ? name : 'Error';
}

function unsupportedStep(): DomainError {
  return new DomainError(
    ErrorCode.INTERNAL_ERROR,
    'The identity provider asked for a sign-in step this gateway does not support',
  );
}

function outcome(result: SignInResult): string {
  return result.status === 'AUTHENTICATED' ? 'authenticated' : `challenge ${result.challenge.name}`;
}
