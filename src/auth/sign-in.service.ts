import { Injectable, Logger } from '@nestjs/common';
import { DomainError } from '../common/domain-error';
import { ErrorCode } from '../common/error-code';
import { CognitoUserApi } from '../cognito/cognito-user-api';
import { AuthStep } from '../cognito/cognito-user-api.types';
import { PasswordPolicySource } from '../cognito/password-policy';
import { MetricsService, SignInStage } from '../metrics/metrics.service';
import { unwrapChallengeSession, wrapChallengeSession } from './challenge-session';
import { toTokens, unsupportedStep } from './issued-tokens';
import { otpauthUri } from './otpauth-uri';
import { maskDestination } from './destination-mask';
import { CodeDelivery, PasswordlessMethod, SignInResult } from './sign-in-result';
import { WritableAttributes } from './writable-attributes';

const TOTP_DEVICE_NAME = 'Authenticator app';
const NEW_PASSWORD_ATTRIBUTE_PREFIX = 'userAttributes.';

/**
 * Sign-in and its challenges, stateless: a challenge's session goes to the app (tagged with the
 * challenge's name) and comes back with the answer. Each answer is one or two plain Cognito calls, no
 * SRP maths: made-up input costs the gateway almost nothing.
 */
@Injectable()
export class SignInService {
  private readonly logger = new Logger('SignIn');

  constructor(
    private readonly cognito: CognitoUserApi,
    private readonly metrics: MetricsService,
    private readonly writable: WritableAttributes,
    private readonly passwordPolicy: PasswordPolicySource,
  ) {}

  async signIn(username: string, password: string): Promise<SignInResult> {
    return this.counted('password', async () => {
      const result = await this.toSignInResult(await this.cognito.signIn(username, password), username);
      this.logger.debug(`sign-in of ${username}: ${outcome(result)}`);
      return result;
    });
  }

  async completeNewPassword(
    username: string,
    session: string,
    newPassword: string,
    attributes: Record<string, string> = {},
  ): Promise<SignInResult> {
    const { cognitoSession, requiredAttributes } = unwrapChallengeSession(session, ['NEW_PASSWORD_REQUIRED']);
    // Only what Cognito asked for, and only what users may write: Cognito itself would store more.
    this.writable.check(attributes, requiredAttributes);
    return this.counted('new_password', async () => {
      const step = await this.passwordPolicy.settingPassword(() =>
        this.cognito.answerNewPassword(username, cognitoSession, newPassword, attributes),
      );
      const result = await this.toSignInResult(step, username);
      this.logger.debug(`new password of ${username}: ${outcome(result)}`);
      return result;
    });
  }

  async answerMfa(username: string, session: string, code: string): Promise<SignInResult> {
    const { name, cognitoSession } = unwrapChallengeSession(session, [
      'SOFTWARE_TOKEN_MFA',
      'SMS_MFA',
      'MFA_SETUP',
    ]);
    return this.counted('mfa', async () => {
      const step =
        name === 'MFA_SETUP'
          ? await this.cognito.completeTotpEnrolment(username, cognitoSession, code, TOTP_DEVICE_NAME)
          : await this.cognito.answerMfaCode(name, username, cognitoSession, code);
      const result = await this.toSignInResult(step, username);
      this.logger.debug(`${name} answer of ${username}: ${outcome(result)}`);
      return result;
    });
  }

  /**
   * Asks Cognito to send a one-time code. An unknown user, or one without a verified address, gets the
   * same challenge as anyone (Cognito's PreventUserExistenceErrors) and fails at the answer.
   */
  async startPasswordlessSignIn(username: string, method: PasswordlessMethod): Promise<SignInResult> {
    return this.counted('passwordless', async () => {
      const step = await this.cognito.startPasswordlessSignIn(username, method);
      // Cognito offers a choice instead when the pool or app client does not allow this method, and may
      // answer another of the pool's challenges (AWS: chosen at random) when the user cannot take this one.
      if (offersOther(step, method)) throw methodNotAvailable(method);
      const result = await this.toSignInResult(step, username);
      this.logger.debug(`${method} sign-in of ${username}: ${outcome(result)}`);
      return result;
    });
  }

  async answerOtp(username: string, session: string, code: string): Promise<SignInResult> {
    const { name, cognitoSession } = unwrapChallengeSession(session, ['EMAIL_OTP', 'SMS_OTP']);
    return this.counted('otp', async () => {
      const step = await this.cognito.answerOtp(name, username, cognitoSession, code);
      const result = await this.toSignInResult(step, username);
      this.logger.debug(`${name} answer of ${username}: ${outcome(result)}`);
      return result;
    });
  }

  /**
   * Asks Cognito for a passkey challenge. An unknown user, or one without passkeys, gets a challenge of the
   * same shape (the local Cognito offers a made-up credential) and fails at the answer.
   */
  async startPasskeySignIn(username: string): Promise<SignInResult> {
    return this.counted('passkey', async () => {
      const step = await this.cognito.startPasskeySignIn(username);
      if (offersOther(step, 'WEB_AUTHN')) throw passkeysNotAvailable();
      const result = await this.toSignInResult(step, username);
      this.logger.debug(`passkey sign-in of ${username}: ${outcome(result)}`);
      return result;
    });
  }

  async answerPasskey(
    username: string,
    session: string,
    credential: Record<string, unknown>,
  ): Promise<SignInResult> {
    const { cognitoSession } = unwrapChallengeSession(session, ['WEB_AUTHN']);
    return this.counted('passkey_answer', async () => {
      const step = await this.cognito.answerPasskey(username, cognitoSession, credential);
      const result = await this.toSignInResult(step, username);
      this.logger.debug(`WEB_AUTHN answer of ${username}: ${outcome(result)}`);
      return result;
    });
  }

  /** Counts a sign-in step's outcome for /metrics and passes it on unchanged. */
  private async counted(step: SignInStage, run: () => Promise<SignInResult>): Promise<SignInResult> {
    try {
      const result = await run();
      if (result.status === 'AUTHENTICATED') this.metrics.observeSignIn(step, 'authenticated');
      else this.metrics.observeSignIn(step, 'challenge', result.challenge.name);
      return result;
    } catch (error) {
      const code = error instanceof DomainError ? error.code : ErrorCode.INTERNAL_ERROR;
      this.metrics.observeSignIn(step, 'failed', code);
      throw error;
    }
  }

  private async toSignInResult(step: AuthStep, username: string): Promise<SignInResult> {
    if (step.tokens) return { status: 'AUTHENTICATED', tokens: toTokens(step.tokens) };
    const name = step.challenge?.name;
    const session = step.challenge?.session;
    if (!session) throw unsupportedStep();
    switch (name) {
      case 'NEW_PASSWORD_REQUIRED': {
        const requiredAttributes = requiredAttributesOf(step.challenge?.parameters);
        return {
          status: 'CHALLENGE',
          challenge: {
            name,
            session: wrapChallengeSession(name, session, requiredAttributes),
            requiredAttributes,
          },
        };
      }
      case 'SOFTWARE_TOKEN_MFA':
        return { status: 'CHALLENGE', challenge: { name, session: wrapChallengeSession(name, session) } };
      case 'SMS_MFA':
      case 'SMS_OTP':
      case 'EMAIL_OTP':
        return {
          status: 'CHALLENGE',
          challenge: {
            name,
            session: wrapChallengeSession(name, session),
            delivery: deliveryOf(step.challenge?.parameters, name === 'EMAIL_OTP' ? 'EMAIL' : 'SMS'),
          },
        };
      case 'WEB_AUTHN': {
        const credentialRequestOptions = jsonObjectOf(step.challenge?.parameters?.CREDENTIAL_REQUEST_OPTIONS);
        if (!credentialRequestOptions) throw unsupportedStep();
        return {
          status: 'CHALLENGE',
          challenge: { name, session: wrapChallengeSession(name, session), credentialRequestOptions },
        };
      }
      case 'MFA_SETUP': {
        // Enrolment starts right away with the challenge session; the code comes back on the MFA route.
        const enrolment = await this.cognito.startTotpEnrolment(session);
        if (!enrolment.secretCode || !enrolment.session) throw unsupportedStep();
        return {
          status: 'CHALLENGE',
          challenge: {
            name,
            session: wrapChallengeSession(name, enrolment.session),
            secretCode: enrolment.secretCode,
            otpauthUri: otpauthUri(username, enrolment.secretCode),
          },
        };
      }
      default:
        throw unsupportedStep();
    }
  }
}

/**
 * Where Cognito sent a code (CODE_DELIVERY_* parameters), masked as Cognito masks it; the challenge's own
 * medium when Cognito does not name one.
 */
function deliveryOf(parameters: Record<string, string> | undefined, medium: 'EMAIL' | 'SMS'): CodeDelivery {
  const destination = parameters?.CODE_DELIVERY_DESTINATION;
  return {
    deliveryMedium: parameters?.CODE_DELIVERY_DELIVERY_MEDIUM ?? medium,
    ...(destination ? { destination: maskDestination(destination) } : {}),
  };
}

/** Cognito lists the attributes a new password needs as a JSON array of `userAttributes.`-prefixed names. */
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

/**
 * Whether choice-based sign-in answered something else than the challenge asked for (SELECT_CHALLENGE, or
 * another first factor): never passed on from a route that promises that one challenge.
 */
function offersOther(step: AuthStep, asked: string): boolean {
  return step.challenge !== undefined && step.challenge.name !== asked;
}

/** Cognito sends WebAuthn options as a JSON string; the app gets them as an object. */
function jsonObjectOf(raw: string | undefined): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(raw ?? '') as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function passkeysNotAvailable(): DomainError {
  return new DomainError(ErrorCode.METHOD_NOT_AVAILABLE, 'Sign-in with a passkey is not available');
}

function methodNotAvailable(method: PasswordlessMethod): DomainError {
  return new DomainError(
    ErrorCode.METHOD_NOT_AVAILABLE,
    `Sign-in by ${method === 'EMAIL_OTP' ? 'email' : 'SMS'} code is not available`,
  );
}

function outcome(result: SignInResult): string {
  return result.status === 'AUTHENTICATED' ? 'authenticated' : `challenge ${result.challenge.name}`;
}
