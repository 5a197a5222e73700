import type { Services } from 'cognito-local/lib/services';
import type { AppClient } from 'cognito-local/lib/services/appClient';
import type { Context } from 'cognito-local/lib/services/context';
import type { User, UserPoolService } from 'cognito-local/lib/services/userPoolService';
import { secretHash } from '../cognito/cognito-settings';
import type { ChallengeSessions, ChallengeState, RespondRequest } from './challenge-sessions';
import { rotationOf } from './refresh-token-rotation';
import type { CognitoErrors } from './errors';
import type { LocalUser } from './local-user';
import { generatePassword, passwordPolicyViolation } from './password-policy';
import type { AuthResponse, SignInProgress } from './sign-in-progress';
import type { SignInLockout } from './sign-in-lockout';
import { srpServerStart, srpServerVerify } from './srp-server';
import type { TokenService } from './token-service';

const INCORRECT = 'Incorrect username or password.';

type ChallengeResponses = Record<string, string | undefined> | undefined;

export interface AuthEngineDeps {
  services: Services;
  errors: CognitoErrors;
  tokens: TokenService;
  challenges: ChallengeSessions;
  lockout: SignInLockout;
}

const FLOW_NAMES: Record<string, string[]> = {
  USER_PASSWORD_AUTH: ['ALLOW_USER_PASSWORD_AUTH', 'USER_PASSWORD_AUTH'],
  USER_SRP_AUTH: ['ALLOW_USER_SRP_AUTH'],
  ADMIN_USER_PASSWORD_AUTH: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ADMIN_NO_SRP_AUTH'],
  REFRESH_TOKEN_AUTH: ['ALLOW_REFRESH_TOKEN_AUTH'],
  USER_AUTH: ['ALLOW_USER_AUTH'],
};

/**
 * The first factor of a sign-in (password, SRP) and refresh, shared by InitiateAuth, AdminInitiateAuth and
 * RespondToAuthChallenge's PASSWORD_VERIFIER; with the app client checks the other targets reuse.
 */
export class AuthEngine {
  constructor(
    private readonly deps: AuthEngineDeps,
    private readonly progress: SignInProgress,
  ) {}

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

  /**
   * What every challenge answer checks first: the Session known and unexpired, of this challenge and app
   * client, and USERNAME with its SECRET_HASH; then the user it was issued to. A session issued to a name
   * that is no user (PreventUserExistenceErrors) opens with no user, for that same name only.
   */
  async openChallenge(ctx: Context, req: RespondRequest, name: ChallengeState['challengeName']) {
    const { errors, challenges } = this.deps;
    const found = challenges.lookup(req.Session);
    if ('error' in found) throw errors.invalidSession(found.error === 'expired');
    const state = found.state;
    const { client, pool } = await this.clientAndPool(ctx, req.ClientId);
    if (state.challengeName !== name || state.clientId !== client.ClientId) throw errors.invalidSession();
    const username = req.ChallengeResponses?.USERNAME;
    if (!username) throw errors.invalidParameter('Missing required parameter USERNAME');
    this.assertSecretHash(client, username, req.ChallengeResponses?.SECRET_HASH);
    if (!state.username) {
      if (username !== state.choice?.requestedUsername) throw errors.invalidSession();
      return { state, client, pool, user: undefined };
    }
    const user = await pool.getUserByUsername(ctx, username);
    if (!user || user.Username !== state.username) throw errors.invalidSession();
    if (!user.Enabled) throw errors.notAuthorized('User is disabled.');
    return { state, client, pool, user };
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
    return this.passwordFactor(ctx, pool, client, username, password);
  }

  /** The password checked as a first factor (also USER_AUTH's PASSWORD), under the lockout, then what it leads to. */
  async passwordFactor(
    ctx: Context,
    pool: UserPoolService,
    client: AppClient,
    username: string,
    password: string,
  ): Promise<AuthResponse> {
    const known = await pool.getUserByUsername(ctx, username);
    const user = await this.passwordChecked(pool, known?.Username ?? username, async () => {
      const allowed = await this.userAllowedToSignIn(ctx, pool, username);
      if (allowed.Password !== password) throw this.deps.errors.incorrectCredentials();
      return allowed;
    });
    return this.progress.afterPassword(ctx, pool, client, user);
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
    return this.srpChallenge(ctx, pool, client, username, srpA);
  }

  /** PASSWORD_VERIFIER for USER_SRP_AUTH and for USER_AUTH's PASSWORD_SRP. */
  async srpChallenge(
    ctx: Context,
    pool: UserPoolService,
    client: AppClient,
    username: string,
    srpA: string,
  ): Promise<AuthResponse> {
    let user: User | undefined;
    try {
      user = await this.userAllowedToSignIn(ctx, pool, username);
    } catch (e) {
      // an unknown user gets a challenge too, and fails at the verifier (no user enumeration, like AWS)
      if ((e as { message?: string }).message !== INCORRECT) throw e;
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
      attemptedUsername: userIdForSrp,
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
    const srp = state.srp;
    const user = await this.passwordChecked(pool, state.attemptedUsername ?? state.username, async () => {
      const found = state.username ? await pool.getUserByUsername(ctx, state.username) : null;
      if (!responses?.TIMESTAMP || !responses.PASSWORD_CLAIM_SIGNATURE) throw errors.incorrectCredentials();
      // An unknown user's claim is checked too, against a random password: the same maths as a wrong
      // password, so the time taken does not tell unknown users from real ones (as on AWS).
      const ok = srpServerVerify({
        userPoolId: pool.options.Id,
        userIdForSrp: found?.Username ?? responses.USERNAME ?? '',
        password: found?.Password ?? generatePassword(24),
        ...srp,
        secretBlock: secretBlock!,
        timestamp: responses.TIMESTAMP,
        signature: responses.PASSWORD_CLAIM_SIGNATURE,
      });
      if (!found || !ok) throw errors.incorrectCredentials();
      return found;
    });
    return this.progress.afterPassword(ctx, pool, client, user);
  }

  /** AWS: an app client with a secret refuses calls that carry the secret itself (RevokeToken, GetTokensFromRefreshToken) without it. */
  assertClientSecret(client: AppClient, given: string | undefined): void {
    if (!client.ClientSecret || given === client.ClientSecret) return;
    throw this.deps.errors.notAuthorized(
      given
        ? `Unable to verify secret for client ${client.ClientId}`
        : `Client ${client.ClientId} is configured for secret but secret was not received`,
    );
  }

  /**
   * A password check under Cognito's lockout: refused while the username is locked out, whatever the
   * password; a wrong password (or an unknown user) counts as a failure, a right one starts over.
   */
  private async passwordChecked(
    pool: UserPoolService,
    username: string,
    check: () => Promise<User>,
  ): Promise<User> {
    const { lockout, errors } = this.deps;
    const poolId = pool.options.Id;
    if (lockout.refuses(poolId, username)) throw errors.notAuthorized('Password attempts exceeded');
    try {
      const user = await check();
      lockout.succeeded(poolId, username);
      return user;
    } catch (e) {
      if ((e as { message?: string }).message === INCORRECT) lockout.failed(poolId, username);
      throw e;
    }
  }

  /** REFRESH_TOKEN_AUTH / REFRESH_TOKEN: refused on an app client that rotates refresh tokens, as on AWS. */
  async refresh(ctx: Context, clientId: string | undefined, params: Record<string, string> | undefined) {
    const { client, pool } = await this.clientAndPool(ctx, clientId);
    if (rotationOf(client)) {
      throw this.deps.errors.invalidParameter(
        'Refresh token rotation must be completed with GetTokensFromRefreshToken',
      );
    }
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
}
