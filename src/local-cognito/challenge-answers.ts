import type { Context } from 'cognito-local/lib/services/context';
import type { User } from 'cognito-local/lib/services/userPoolService';
import { assertInSchema, missingRequired } from './attribute-schema';
import type { AuthEngine } from './auth-engine';
import type { ChallengeSessions, ChallengeState, RespondRequest } from './challenge-sessions';
import type { CognitoErrors } from './errors';
import type { AuthResponse, SignInProgress } from './sign-in-progress';
import { verifyTotp } from './totp';

export interface ChallengeAnswersDeps {
  errors: CognitoErrors;
  challenges: ChallengeSessions;
  nowMs: () => number;
}

/** RespondToAuthChallenge's answers after the first factor: a new password, an MFA code, MFA set up. */
export class ChallengeAnswers {
  constructor(
    private readonly deps: ChallengeAnswersDeps,
    private readonly auth: AuthEngine,
    private readonly progress: SignInProgress,
  ) {}

  /**
   * NEW_PASSWORD_REQUIRED answered: set the password (policy checked) and attributes (in the schema, the
   * required ones all present), then continue.
   */
  async newPassword(ctx: Context, req: RespondRequest): Promise<AuthResponse> {
    const { pool, client, user } = await this.openSession(ctx, req, 'NEW_PASSWORD_REQUIRED');
    const password = req.ChallengeResponses?.NEW_PASSWORD;
    if (!password) throw this.deps.errors.invalidParameter('Missing required parameter NEW_PASSWORD');
    this.auth.assertPasswordPolicy(pool, password);
    const given: [string, string][] = [];
    for (const [key, value] of Object.entries(req.ChallengeResponses ?? {}))
      if (key.startsWith('userAttributes.') && value !== undefined)
        given.push([key.slice('userAttributes.'.length), value]);
    assertInSchema(
      this.deps.errors,
      pool,
      given.map(([name]) => name),
    );
    const attributes = [...(user.Attributes ?? [])];
    for (const [name, value] of given) {
      if (name === 'sub') continue;
      const existing = attributes.findIndex((a) => a.Name === name);
      if (existing >= 0) attributes[existing] = { Name: name, Value: value };
      else attributes.push({ Name: name, Value: value });
    }
    const missing = missingRequired(pool, attributes);
    if (missing.length > 0) {
      throw this.deps.errors.invalidParameter(
        `Invalid attributes given, ${missing.join(' and ')} is missing`,
      );
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
    return this.progress.afterFirstFactor(ctx, pool, client, updated);
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
    return this.progress.signedIn(ctx, pool, client, user);
  }

  /** SMS_MFA answered with the code sent; a wrong code leaves the session for another try, as on AWS. */
  async smsMfa(ctx: Context, req: RespondRequest): Promise<AuthResponse> {
    const { state, pool, client, user } = await this.openSession(ctx, req, 'SMS_MFA');
    if (!state.smsCode || req.ChallengeResponses?.SMS_MFA_CODE !== state.smsCode) {
      throw this.deps.errors.make('CodeMismatchException', 'Invalid code or auth state for the user.');
    }
    this.deps.challenges.delete(req.Session!);
    return this.progress.signedIn(ctx, pool, client, user);
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
    return this.progress.signedIn(ctx, pool, client, enrolled);
  }

  /** These challenges are only ever issued to a user. */
  private async openSession(ctx: Context, req: RespondRequest, name: ChallengeState['challengeName']) {
    const opened = await this.auth.openChallenge(ctx, req, name);
    if (!opened.user) throw this.deps.errors.invalidSession();
    return { ...opened, user: opened.user };
  }
}
