import type { AuthenticationResultType } from '@aws-sdk/client-cognito-identity-provider';
import type { AppClient } from 'cognito-local/lib/services/appClient';
import type { Context } from 'cognito-local/lib/services/context';
import type { User, UserPoolService } from 'cognito-local/lib/services/userPoolService';
import { secretHash } from '../cognito/cognito-settings';
import { srpServerStart, srpServerVerify } from './srp-server';
import type { ChallengeSessions, ChallengeState } from './challenge-sessions';
import type { CognitoErrors } from './errors';
import type { LocalUser } from './fidelity';
import { generatePassword, passwordPolicyViolation } from './password-policy';
import { attributeValue, type TokenService } from './token-service';
import { verifyTotp } from './totp';
import type { Services } from 'cognito-local/lib/services';

export interface AuthResponse {
  ChallengeName?: string;
  Session?: string;
  ChallengeParameters: Record<string, string>;
  AuthenticationResult?: AuthenticationResultType;
}

type ChallengeResponses = Record<string, string | undefined> | undefined;

export interface AuthEngineDeps {
  services: Services;
  errors: CognitoErrors;
  tokens: TokenService;
  challenges: ChallengeSessions;
  nowMs: () => number;
}

const FLOW_NAMES: Record<string, string[]> = {
  USER_PASSWORD_AUTH: ['ALLOW_USER_PASSWORD_AUTH', 'USER_PASSWORD_AUTH'],
  USER_SRP_AUTH: ['ALLOW_USER_SRP_AUTH'],
  ADMIN_USER_PASSWORD_AUTH: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ADMIN_NO_SRP_AUTH'],
  REFRESH_TOKEN_AUTH: ['ALLOW_REFRESH_TOKEN_AUTH'],
};

/** The sign-in state machine shared by InitiateAuth, AdminInitiateAuth and (Admin)RespondToAuthChallenge. */
export class AuthEngine {
  constructor(private readonly deps: AuthEngineDeps) {}

  async clientAndPool(
    ctx: Context,
    clientId: string | undefined,
  ): Promise<{ client: AppClient; pool: UserPoolService }> {
    const client = clientId ? await this.deps.services.cognito.getAppClient(ctx, clientId) : null;
    if (!client) {
      throw this.deps.errors.make(
        'ResourceNotFoundException',
        `User pool client ${clientId} does not exist.`,
      );
    }
    const pool = await this.deps.services.cognito.getUserPool(ctx, client.UserPoolId);
    return { client, pool };
  }

  /** AWS refuses flows the app client does not list (new-style ALLOW_* names; legacy names accepted). */
  assertFlowEnabled(client: AppClient, flow: string): void {
    const enabled = client.ExplicitAuthFlows ?? [];
    if (!enabled.length) return;
    if (flow === 'REFRESH_TOKEN_AUTH' && !enabled.some((f) => f.startsWith('ALLOW_'))) return;
    if (!(FLOW_NAMES[flow] ?? [flow]).some((name) => enabled.includes(name))) {
      throw this.deps.errors.invalidParameter(`${flow} flow not enabled for this client`);
    }
  }

  /**
   * AWS: an app client with a secret refuses every user call whose SECRET_HASH is missing or is not
   * HMAC-SHA256(secret, username + client id) for the username the call names.
   */
  assertSecretHash(client: AppClient, username: string | undefined, given: string | undefined): void {
    if (!client.ClientSecret) return;
    const { errors } = this.deps;
    if (!given) {
      throw errors.notAuthorized(
        `Client ${client.ClientId} is configured for secret but secret was not received`,
      );
    }
    if (username === undefined || given !== secretHash(client.ClientSecret, username, client.ClientId)) {
      throw errors.notAuthorized(`Unable to verify secret hash for client ${client.ClientId}`);
    }
  }

  /** USER_PASSWORD_AUTH / ADMIN_USER_PASSWORD_AUTH. */
  async passwordSignIn(
    ctx: Context,
    clientId: string | undefined,
    params: Record<string, string> | undefined,
    flow: string,
  ): Promise<AuthResponse> {
    const { client, pool } = await this.clientAndPool(ctx, clientId);
    this.assertFlowEnabled(client, flow);
    const username = params?.USERNAME;
    const password = params?.PASSWORD;
    if (!username || password === undefined) {
      throw this.deps.errors.invalidParameter('Missing required parameter USERNAME or PASSWORD');
    }
    this.assertSecretHash(client, username, params.SECRET_HASH);
    const user = await this.userAllowedToSignIn(ctx, pool, username);
    if (user.Password !== password) throw this.deps.errors.incorrectCredentials();
    return this.passwordVerified(ctx, pool, client, user);
  }

  /** USER_SRP_AUTH step 1: answer PASSWORD_VERIFIER with our B, salt and a SECRET_BLOCK. */
  async srpStart(ctx: Context, clientId: string | undefined, params: Record<string, string> | undefined) {
    const { client, pool } = await this.clientAndPool(ctx, clientId);
    this.assertFlowEnabled(client, 'USER_SRP_AUTH');
    const username = params?.USERNAME;
    const srpA = params?.SRP_A;
    if (!username || !srpA)
      throw this.deps.errors.invalidParameter('Missing required parameter SRP_A or USERNAME');
    this.assertSecretHash(client, username, params.SECRET_HASH);
    let user: User | undefined;
    try {
      user = await this.userAllowedToSignIn(ctx, pool, username);
    } catch (e) {
      // an unknown user gets a challenge too, and fails at the verifier (no user enumeration, like AWS)
      if ((e as { message?: string }).message !== 'Incorrect username or password.') throw e;
    }
    const userIdForSrp = user?.Username ?? username;
    const srp = srpServerStart({
      userPoolId: pool.options.Id,
      userIdForSrp,
      password: user?.Password ?? generatePassword(24),
    });
    const secretBlock = this.deps.challenges.create({
      challengeName: 'PASSWORD_VERIFIER',
      clientId: client.ClientId,
      userPoolId: pool.options.Id,
      username: user ? user.Username : '',
      srp: { ...srp, srpA },
    });
    return {
      ChallengeName: 'PASSWORD_VERIFIER',
      ChallengeParameters: {
        SALT: srp.salt,
        SECRET_BLOCK: secretBlock,
        SRP_B: srp.srpB,
        USERNAME: userIdForSrp,
        USER_ID_FOR_SRP: userIdForSrp,
      },
    };
  }

  /** USER_SRP_AUTH step 2: check PASSWORD_CLAIM_SIGNATURE against the stored password. */
  async srpVerify(
    ctx: Context,
    clientId: string | undefined,
    responses: ChallengeResponses,
  ): Promise<AuthResponse> {
    const { errors, challenges } = this.deps;
    const secretBlock = responses?.PASSWORD_CLAIM_SECRET_BLOCK;
    const found = challenges.lookup(secretBlock);
    if ('error' in found) {
      throw found.error === 'expired' ? errors.invalidSession(true) : errors.incorrectCredentials();
    }
    challenges.delete(secretBlock!);
    const state = found.state;
    const { client, pool } = await this.clientAndPool(ctx, clientId);
    this.assertSecretHash(client, responses?.USERNAME, responses?.SECRET_HASH);
    if (state.challengeName !== 'PASSWORD_VERIFIER' || state.clientId !== client.ClientId || !state.srp) {
      throw errors.incorrectCredentials();
    }
    const user = state.username ? await pool.getUserByUsername(ctx, state.username) : null;
    if (!user || !responses?.TIMESTAMP || !responses.PASSWORD_CLAIM_SIGNATURE)
      throw errors.incorrectCredentials();
    const ok = srpServerVerify({
      userPoolId: pool.options.Id,
      userIdForSrp: user.Username,
      password: user.Password,
      ...state.srp,
      secretBlock: secretBlock!,
      timestamp: responses.TIMESTAMP,
      signature: responses.PASSWORD_CLAIM_SIGNATURE,
    });
    if (!ok) throw errors.incorrectCredentials();
    return this.passwordVerified(ctx, pool, client, user);
  }

  /** NEW_PASSWORD_REQUIRED answered: set the password (policy checked) and attributes, then continue. */
  async newPassword(ctx: Context, req: RespondRequest): Promise<AuthResponse> {
    const { pool, client, user } = await this.openSession(ctx, req, 'NEW_PASSWORD_REQUIRED');
    const password = req.ChallengeResponses?.NEW_PASSWORD;
    if (!password) throw this.deps.errors.invalidParameter('Missing required parameter NEW_PASSWORD');
    this.assertPasswordPolicy(pool, password);
    const attributes = [...(user.Attributes ?? [])];
    for (const [key, value] of Object.entries(req.ChallengeResponses ?? {})) {
      if (!key.startsWith('userAttributes.') || value === undefined) continue;
      const name = key.slice('userAttributes.'.length);
      if (name === 'sub') continue;
      const existing = attributes.findIndex((a) => a.Name === name);
      if (existing >= 0) attributes[existing] = { Name: name, Value: value };
      else attributes.push({ Name: name, Value: value });
    }
    const updated: User = {
      ...user,
      Attributes: attributes,
      Password: password,
      UserStatus: 'CONFIRMED',
      UserLastModifiedDate: new Date(this.deps.nowMs()),
    };
    await pool.saveUser(ctx, updated);
    this.deps.challenges.delete(req.Session!);
    return this.afterFirstFactor(ctx, pool, client, updated);
  }

  /** SOFTWARE_TOKEN_MFA answered with the RFC 6238 code of the user's verified secret. */
  async softwareTokenMfa(ctx: Context, req: RespondRequest): Promise<AuthResponse> {
    const { pool, client, user } = await this.openSession(ctx, req, 'SOFTWARE_TOKEN_MFA');
    const code = req.ChallengeResponses?.SOFTWARE_TOKEN_MFA_CODE ?? '';
    const secret = user.SoftwareTokenMfaConfiguration?.Verified
      ? user.SoftwareTokenMfaConfiguration.Secret
      : undefined;
    if (!secret || !verifyTotp(secret, code, this.deps.nowMs())) {
      throw this.deps.errors.make('CodeMismatchException', 'Invalid code received for user');
    }
    this.deps.challenges.delete(req.Session!);
    return this.signedIn(ctx, pool, client, user);
  }

  /** SMS_MFA answered with the code sent; a wrong code leaves the session for another try, as on AWS. */
  async smsMfa(ctx: Context, req: RespondRequest): Promise<AuthResponse> {
    const { state, pool, client, user } = await this.openSession(ctx, req, 'SMS_MFA');
    if (!state.smsCode || req.ChallengeResponses?.SMS_MFA_CODE !== state.smsCode) {
      throw this.deps.errors.make('CodeMismatchException', 'Invalid code or auth state for the user.');
    }
    this.deps.challenges.delete(req.Session!);
    return this.signedIn(ctx, pool, client, user);
  }

  /**
   * MFA_SETUP answered, after AssociateSoftwareToken and VerifySoftwareToken on the challenge session:
   * the verified authenticator is now the user's MFA, and the sign-in completes.
   */
  async mfaSetup(ctx: Context, req: RespondRequest): Promise<AuthResponse> {
    const { state, pool, client, user } = await this.openSession(ctx, req, 'MFA_SETUP');
    if (!state.totp?.verified) {
      throw this.deps.errors.invalidParameter('No software token has been verified for this session');
    }
    const enrolled: User = {
      ...user,
      SoftwareTokenMfaConfiguration: { Secret: state.totp.secret, Verified: true },
      UserMFASettingList: [...new Set([...(user.UserMFASettingList ?? []), 'SOFTWARE_TOKEN_MFA'])],
      PreferredMfaSetting: user.PreferredMfaSetting ?? 'SOFTWARE_TOKEN_MFA',
      UserLastModifiedDate: new Date(this.deps.nowMs()),
    };
    await pool.saveUser(ctx, enrolled);
    this.deps.challenges.delete(req.Session!);
    return this.signedIn(ctx, pool, client, enrolled);
  }

  /** REFRESH_TOKEN_AUTH / REFRESH_TOKEN. */
  async refresh(ctx: Context, clientId: string | undefined, params: Record<string, string> | undefined) {
    const { client, pool } = await this.clientAndPool(ctx, clientId);
    const token = params?.REFRESH_TOKEN;
    if (!token) throw this.deps.errors.invalidParameter('Missing required parameter REFRESH_TOKEN');
    if (client.ClientSecret) {
      // The call names no user: the hash must be of the refresh token's user (Cognito's username).
      const { user } = await this.deps.tokens.checkRefreshToken(ctx, pool, token, client.ClientId);
      this.assertSecretHash(client, user.Username, params.SECRET_HASH);
    }
    return {
      ChallengeParameters: {},
      AuthenticationResult: await this.deps.tokens.refresh(ctx, pool, client, token),
    };
  }

  assertPasswordPolicy(pool: UserPoolService, password: string): void {
    const policy = pool.options.Policies?.PasswordPolicy ?? undefined;
    const violation = passwordPolicyViolation(password, policy);
    if (violation) throw this.deps.errors.make('InvalidPasswordException', violation);
  }

  /** Checks made before the password: existence, enabled, not waiting for a reset. */
  private async userAllowedToSignIn(
    ctx: Context,
    pool: UserPoolService,
    username: string,
  ): Promise<LocalUser> {
    const user = await pool.getUserByUsername(ctx, username);
    if (!user) throw this.deps.errors.incorrectCredentials();
    if (!user.Enabled) throw this.deps.errors.notAuthorized('User is disabled.');
    if (user.UserStatus === 'RESET_REQUIRED') {
      throw this.deps.errors.make('PasswordResetRequiredException', 'Password reset required for the user');
    }
    return user;
  }

  private async passwordVerified(ctx: Context, pool: UserPoolService, client: AppClient, user: User) {
    if (user.UserStatus === 'UNCONFIRMED') {
      throw this.deps.errors.make('UserNotConfirmedException', 'User is not confirmed.');
    }
    if (user.UserStatus === 'FORCE_CHANGE_PASSWORD') {
      const userAttributes: Record<string, string> = {};
      for (const a of user.Attributes ?? [])
        if (a.Name !== 'sub' && a.Value !== undefined) userAttributes[a.Name] = a.Value;
      return this.challenge(pool, client, user, 'NEW_PASSWORD_REQUIRED', {
        USER_ID_FOR_SRP: user.Username,
        requiredAttributes: '[]',
        userAttributes: JSON.stringify(userAttributes),
      });
    }
    return this.afterFirstFactor(ctx, pool, client, user);
  }

  private async afterFirstFactor(ctx: Context, pool: UserPoolService, client: AppClient, user: User) {
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

  private async signedIn(
    ctx: Context,
    pool: UserPoolService,
    client: AppClient,
    user: User,
  ): Promise<AuthResponse> {
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
    const destination = `+******${phone.slice(-4)}`;
    await this.deps.services.messages.deliver(
      ctx,
      'Authentication',
      client.ClientId,
      pool.options.Id,
      user,
      code,
      undefined,
      {
        DeliveryMedium: 'SMS',
        AttributeName: 'phone_number',
        Destination: destination,
      },
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

  /** Validates Session (known, unexpired, same challenge, client and user). */
  private async openSession(ctx: Context, req: RespondRequest, name: ChallengeState['challengeName']) {
    const { errors, challenges } = this.deps;
    const found = challenges.lookup(req.Session);
    if ('error' in found) throw errors.invalidSession(found.error === 'expired');
    const state = found.state;
    const { client, pool } = await this.clientAndPool(ctx, req.ClientId);
    if (state.challengeName !== name || state.clientId !== client.ClientId) throw errors.invalidSession();
    const username = req.ChallengeResponses?.USERNAME;
    if (!username) throw errors.invalidParameter('Missing required parameter USERNAME');
    this.assertSecretHash(client, username, req.ChallengeResponses?.SECRET_HASH);
    const user = await pool.getUserByUsername(ctx, username);
    if (!user || user.Username !== state.username) throw errors.invalidSession();
    if (!user.Enabled) throw errors.notAuthorized('User is disabled.');
    return { state, client, pool, user };
  }
}

export interface RespondRequest {
  ClientId?: string;
  ChallengeName?: string;
  Session?: string;
  ChallengeResponses?: Record<string, string | undefined>;
}
