import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { Services } from 'cognito-local/lib/services';
import type { AppClient } from 'cognito-local/lib/services/appClient';
import type { Context } from 'cognito-local/lib/services/context';
import type { User, UserPoolService } from 'cognito-local/lib/services/userPoolService';
import type { AuthEngine } from './auth-engine';
import type {
  ChallengeSessions,
  ChallengeState,
  ChoiceChallengeName,
  RespondRequest,
} from './challenge-sessions';
import type { CognitoErrors } from './errors';
import { masked, sendSignInCode } from './messages';
import type { Passkeys } from './passkeys';
import type { AuthResponse, SignInProgress } from './sign-in-progress';
import { allowedFirstFactors } from './sign-in-policy';
import { attributeValue } from './token-service';

type Parameters = Record<string, string | undefined>;
type OtpChallenge = 'EMAIL_OTP' | 'SMS_OTP';

/** Cognito's sign-in codes are 8 digits (not configurable). */
const OTP_DIGITS = 8;
/** Wrong codes a challenge session takes before it is spent. */
const OTP_ATTEMPTS = 3;

export interface ChoiceResponse extends AuthResponse {
  AvailableChallenges?: string[];
}

export interface ChoiceSignInDeps {
  services: Services;
  errors: CognitoErrors;
  challenges: ChallengeSessions;
  passkeys: Passkeys;
}

const OTP_CHANNEL = {
  EMAIL_OTP: { medium: 'EMAIL', attribute: 'email', verified: 'email_verified', field: 'EMAIL_OTP_CODE' },
  SMS_OTP: {
    medium: 'SMS',
    attribute: 'phone_number',
    verified: 'phone_number_verified',
    field: 'SMS_OTP_CODE',
  },
} as const;

/**
 * Choice-based sign-in (InitiateAuth with AuthFlow USER_AUTH): the user's first factor is one of the pool's
 * SignInPolicy.AllowedFirstAuthFactors, named up front in PREFERRED_CHALLENGE or chosen from
 * SELECT_CHALLENGE's AvailableChallenges. Passwords go through the AuthEngine's checks; one-time codes are
 * sent here; passkeys are Passkeys' work. As on AWS with PreventUserExistenceErrors, a username that names
 * no user, and a user without a verified address for the code (or without a passkey), get a challenge of
 * the same shape that only fails at the answer.
 */
export class ChoiceSignIn {
  /** Keys the made-up destinations shown for codes that are never sent (stable per username). */
  private readonly decoyKey = randomBytes(32);

  constructor(
    private readonly deps: ChoiceSignInDeps,
    private readonly auth: AuthEngine,
    private readonly progress: SignInProgress,
  ) {}

  async initiate(ctx: Context, clientId: string | undefined, params: Parameters | undefined) {
    const { client, pool } = await this.auth.clientAndPool(ctx, clientId);
    this.auth.assertFlowEnabled(client, 'USER_AUTH');
    const username = params?.USERNAME;
    if (!username) throw this.deps.errors.invalidParameter('Missing required parameter USERNAME');
    this.auth.assertSecretHash(client, username, params.SECRET_HASH);
    const user = await this.userFor(ctx, pool, client, username);
    const available = this.availableChallenges(pool);
    const preferred = params.PREFERRED_CHALLENGE;
    if (preferred !== undefined && !available.includes(preferred) && !isChallengeName(preferred)) {
      throw this.deps.errors.invalidParameter(`Invalid PREFERRED_CHALLENGE: ${preferred}`);
    }
    if (preferred && available.includes(preferred)) {
      return this.begin(ctx, pool, client, user, username, preferred as ChoiceChallengeName, params);
    }
    const session = this.session(pool, client, user, 'SELECT_CHALLENGE', {
      choice: { requestedUsername: username, available },
    });
    return {
      ChallengeName: 'SELECT_CHALLENGE',
      Session: session,
      ChallengeParameters: {},
      AvailableChallenges: available,
    };
  }

  /** SELECT_CHALLENGE answered with ANSWER (and the chosen challenge's own parameters, if any). */
  async select(ctx: Context, req: RespondRequest): Promise<ChoiceResponse> {
    const { state, pool, client, user } = await this.auth.openChallenge(ctx, req, 'SELECT_CHALLENGE');
    const answer = req.ChallengeResponses?.ANSWER;
    if (!answer || !state.choice?.available.includes(answer)) {
      throw this.deps.errors.invalidParameter(`Invalid ANSWER: ${answer ?? ''}`);
    }
    this.deps.challenges.delete(req.Session!);
    const username = state.choice.requestedUsername;
    return this.begin(ctx, pool, client, user, username, answer as ChoiceChallengeName, {
      ...req.ChallengeResponses,
    });
  }

  /** PASSWORD or PASSWORD_SRP asked for without the password or SRP_A: they come with the answer. */
  async password(ctx: Context, req: RespondRequest, name: 'PASSWORD' | 'PASSWORD_SRP') {
    const { state, pool, client, user } = await this.auth.openChallenge(ctx, req, name);
    this.deps.challenges.delete(req.Session!);
    const username = state.choice?.requestedUsername ?? user?.Username ?? '';
    return this.begin(ctx, pool, client, user, username, name, { ...req.ChallengeResponses });
  }

  /** EMAIL_OTP / SMS_OTP answered with the code: single use, a few wrong tries, then the session is spent. */
  async answerOtp(ctx: Context, req: RespondRequest, name: OtpChallenge): Promise<AuthResponse> {
    const { errors, challenges } = this.deps;
    const { state, pool, client, user } = await this.auth.openChallenge(ctx, req, name);
    if (!user || !state.otp) throw errors.incorrectCredentials();
    const given = req.ChallengeResponses?.[OTP_CHANNEL[name].field] ?? '';
    if (!sameCode(given, state.otp.code)) {
      state.otp.attemptsLeft -= 1;
      if (state.otp.attemptsLeft <= 0) challenges.delete(req.Session!);
      throw errors.make('CodeMismatchException', 'Invalid code received for user');
    }
    challenges.delete(req.Session!);
    return this.progress.signedIn(ctx, pool, client, user);
  }

  /**
   * WEB_AUTHN answered with CREDENTIAL. Every answer spends the session, right or wrong: its challenge
   * was signed, or refused, once; another try starts a new sign-in. No MFA after a passkey (it is already
   * something the user has, unlocked by something they are or know).
   */
  async answerWebAuthn(ctx: Context, req: RespondRequest): Promise<AuthResponse> {
    const { state, pool, client, user } = await this.auth.openChallenge(ctx, req, 'WEB_AUTHN');
    this.deps.challenges.delete(req.Session!);
    if (!state.webAuthn) throw this.deps.errors.invalidSession();
    const credential = req.ChallengeResponses?.CREDENTIAL;
    await this.deps.passkeys.verifySignIn(pool, user, state.webAuthn.challenge, credential);
    // verifySignIn accepts only a passkey of a known user
    if (!user) throw this.deps.errors.incorrectCredentials();
    return this.progress.signedIn(ctx, pool, client, user);
  }

  /** AWS: with PreventUserExistenceErrors an unknown user is not told apart until the answer. */
  private async userFor(ctx: Context, pool: UserPoolService, client: AppClient, username: string) {
    const user = await pool.getUserByUsername(ctx, username);
    if (!user) {
      if (client.PreventUserExistenceErrors !== 'ENABLED') throw this.deps.errors.userNotFound();
      return undefined;
    }
    if (!user.Enabled) throw this.deps.errors.notAuthorized('User is disabled.');
    return user;
  }

  /**
   * The pool's first factors as challenges (PASSWORD comes as PASSWORD and PASSWORD_SRP; WEB_AUTHN only
   * with a relying party to sign for).
   */
  private availableChallenges(pool: UserPoolService): string[] {
    return allowedFirstFactors(pool)
      .filter((factor) => factor !== 'WEB_AUTHN' || this.deps.passkeys.available(pool))
      .flatMap((factor) => (factor === 'PASSWORD' ? ['PASSWORD', 'PASSWORD_SRP'] : [factor]));
  }

  private async begin(
    ctx: Context,
    pool: UserPoolService,
    client: AppClient,
    user: User | undefined,
    username: string,
    challenge: ChoiceChallengeName,
    params: Parameters,
  ): Promise<ChoiceResponse> {
    switch (challenge) {
      case 'PASSWORD':
        if (params.PASSWORD === undefined) return this.askFor(pool, client, user, username, challenge);
        return this.auth.passwordFactor(ctx, pool, client, username, params.PASSWORD);
      case 'PASSWORD_SRP':
        if (!params.SRP_A) return this.askFor(pool, client, user, username, challenge);
        return this.auth.srpChallenge(ctx, pool, client, username, params.SRP_A);
      case 'EMAIL_OTP':
      case 'SMS_OTP':
        return this.sendCode(ctx, pool, client, user, username, challenge);
      case 'WEB_AUTHN':
        return this.webAuthnChallenge(pool, client, user, username);
      default:
        throw this.deps.errors.invalidParameter(`Invalid challenge: ${challenge}`);
    }
  }

  private askFor(
    pool: UserPoolService,
    client: AppClient,
    user: User | undefined,
    username: string,
    name: 'PASSWORD' | 'PASSWORD_SRP',
  ): ChoiceResponse {
    const session = this.session(pool, client, user, name, {
      choice: { requestedUsername: username, available: [name] },
    });
    return { ChallengeName: name, Session: session, ChallengeParameters: {} };
  }

  /**
   * Sends an 8-digit code to the user's verified address. No user, or no verified address: nothing is
   * sent, and the challenge shows a made-up masked destination, so that the answer is the first to fail.
   */
  private async sendCode(
    ctx: Context,
    pool: UserPoolService,
    client: AppClient,
    user: User | undefined,
    username: string,
    name: OtpChallenge,
  ): Promise<ChoiceResponse> {
    const channel = OTP_CHANNEL[name];
    const address = user && attributeValue(user, channel.attribute);
    const verified = user && attributeValue(user, channel.verified) === 'true';
    let destination: string;
    let otp: ChallengeState['otp'];
    if (user && address && verified) {
      const code = randomInt(10 ** OTP_DIGITS)
        .toString()
        .padStart(OTP_DIGITS, '0');
      destination = await sendSignInCode(
        this.deps.services.messages,
        ctx,
        { pool, client, user },
        code,
        channel.medium,
        address,
      );
      otp = { code, attemptsLeft: OTP_ATTEMPTS };
    } else {
      destination = this.decoyDestination(channel.medium, username);
    }
    const session = this.session(pool, client, otp ? user : undefined, name, {
      choice: { requestedUsername: username, available: [name] },
      otp,
    });
    return {
      ChallengeName: name,
      Session: session,
      ChallengeParameters: {
        CODE_DELIVERY_DELIVERY_MEDIUM: channel.medium,
        CODE_DELIVERY_DESTINATION: destination,
      },
    };
  }

  /** WEB_AUTHN: the request options for navigator.credentials.get(), the same shape for every username. */
  private async webAuthnChallenge(
    pool: UserPoolService,
    client: AppClient,
    user: User | undefined,
    username: string,
  ): Promise<ChoiceResponse> {
    const { challenge, requestOptions } = await this.deps.passkeys.signInChallenge(pool, user, username);
    const session = this.session(pool, client, user, 'WEB_AUTHN', {
      choice: { requestedUsername: username, available: ['WEB_AUTHN'] },
      webAuthn: { challenge },
    });
    return {
      ChallengeName: 'WEB_AUTHN',
      Session: session,
      ChallengeParameters: { CREDENTIAL_REQUEST_OPTIONS: requestOptions },
    };
  }

  private decoyDestination(medium: string, username: string): string {
    const digest = createHmac('sha256', this.decoyKey).update(username).digest();
    const letter = (byte: number) => String.fromCharCode(97 + (byte % 26));
    if (medium === 'EMAIL') return masked(medium, `${letter(digest[0])}@${letter(digest[1])}`);
    return masked(medium, String(digest.readUInt16BE(2) % 10_000).padStart(4, '0'));
  }

  private session(
    pool: UserPoolService,
    client: AppClient,
    user: User | undefined,
    name: ChoiceChallengeName,
    extra: Pick<ChallengeState, 'choice' | 'otp' | 'webAuthn'>,
  ): string {
    return this.deps.challenges.create({
      challengeName: name,
      clientId: client.ClientId,
      userPoolId: pool.options.Id,
      username: user?.Username ?? '',
      ...extra,
    });
  }
}

const CHALLENGE_NAMES = new Set(['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN']);

function isChallengeName(value: string): boolean {
  return CHALLENGE_NAMES.has(value);
}

function sameCode(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
