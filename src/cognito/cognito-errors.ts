import { DomainError } from '../common/domain-error';
import { ErrorCode } from '../common/error-code';

/**
 * What the gateway was doing when Cognito failed: the same Cognito exception means different things
 * to a frontend depending on the operation (a NotAuthorizedException is a wrong password at sign-in,
 * a dead refresh token at refresh, a revoked token on a profile call).
 */
export type CognitoOperation =
  | 'signIn'
  | 'challenge'
  | 'passwordless'
  | 'passkeySignIn'
  | 'passkeyAnswer'
  | 'passkeys'
  | 'refresh'
  | 'userToken'
  | 'changePassword'
  | 'forgotPassword'
  | 'admin'
  | 'other';

type Rule = (message: string, operation: CognitoOperation) => DomainError;

const RETRY_AFTER_SECONDS = 5;
const INCORRECT = 'Incorrect username or password.';

const invalidCredentials = (): DomainError => new DomainError(ErrorCode.INVALID_CREDENTIALS, INCORRECT);
export const codeMismatch = (): DomainError =>
  new DomainError(ErrorCode.CODE_MISMATCH, 'The code is incorrect');
const codeExpired = (): DomainError =>
  new DomainError(ErrorCode.CODE_EXPIRED, 'The code has expired; request a new one');
const tooMany = (): DomainError =>
  new DomainError(
    ErrorCode.TOO_MANY_REQUESTS,
    'Too many requests; retry later',
    undefined,
    RETRY_AFTER_SECONDS,
  );
const invalidSession = (): DomainError =>
  new DomainError(ErrorCode.INVALID_SESSION, 'The challenge session is invalid or has expired');
const credentialInvalid = (): DomainError =>
  new DomainError(ErrorCode.CREDENTIAL_INVALID, 'The passkey response is not valid for this request');
const passkeysNotAvailable = (): DomainError =>
  new DomainError(
    ErrorCode.METHOD_NOT_AVAILABLE,
    'Passkeys are not available for this user pool or app client',
  );
const unavailable = (): DomainError =>
  new DomainError(
    ErrorCode.UPSTREAM_UNAVAILABLE,
    'The identity provider is unavailable; retry later',
    undefined,
    RETRY_AFTER_SECONDS,
  );

/**
 * Cognito's lockout after repeated failed sign-ins (NotAuthorizedException). It names no duration (1 s,
 * doubling per further failure, up to ~15 min), so the answer is the contract's 429 with the same
 * Retry-After as Cognito's throttling: attempts during a lockout do not lengthen it. Unknown users are
 * locked out the same way (Cognito keeps the count per username), so the answer tells nothing of existence.
 */
const ATTEMPTS_EXCEEDED = /password attempts exceeded/i;

/** Cognito's words for a SECRET_HASH or client secret that is missing or wrong. */
const SECRET_REFUSED = /secret hash|verify secret|configured for secret|secret was not received/i;

function notAuthorized(message: string, operation: CognitoOperation): DomainError {
  // The gateway's own settings are wrong (COGNITO_CLIENT_SECRET missing or not the app client's), not
  // the caller's credentials: every sign-in would otherwise read as a wrong password, every refresh as a
  // dead refresh token (refresh and revoke send the secret itself; no caller's input goes into it).
  if (SECRET_REFUSED.test(message)) {
    return new DomainError(
      ErrorCode.INTERNAL_ERROR,
      'Cognito refused this gateway’s app client secret: COGNITO_CLIENT_SECRET is missing or wrong',
    );
  }
  if ((operation === 'signIn' || operation === 'challenge') && ATTEMPTS_EXCEEDED.test(message)) {
    return tooMany();
  }
  switch (operation) {
    case 'signIn':
      return invalidCredentials();
    case 'challenge':
    case 'passkeySignIn':
    case 'passkeyAnswer':
      return /session/i.test(message) ? invalidSession() : invalidCredentials();
    case 'passkeys':
      return accessTokenError(message);
    case 'passwordless':
      // A one-time code lives as long as its challenge session: an expired session is an expired code.
      if (/session is expired/i.test(message)) return codeExpired();
      return /session/i.test(message) ? invalidSession() : invalidCredentials();
    case 'refresh':
      return new DomainError(
        ErrorCode.REFRESH_TOKEN_INVALID,
        'The refresh token is invalid, expired or revoked',
      );
    case 'changePassword':
      return /incorrect/i.test(message)
        ? new DomainError(ErrorCode.PASSWORD_INCORRECT, 'The current password is incorrect')
        : accessTokenError(message);
    case 'userToken':
      // e.g. "A client attempted to write unauthorized attribute": the request, not the token, is wrong.
      return /attribute/i.test(message)
        ? new DomainError(
            ErrorCode.VALIDATION_FAILED,
            'One of these attributes cannot be changed by the user',
          )
        : accessTokenError(message);
    case 'forgotPassword':
      // A disabled user or a state that forbids a reset: answered like a wrong code, so as not to tell.
      return codeMismatch();
    default:
      return new DomainError(ErrorCode.TOKEN_INVALID, 'Not authorized');
  }
}

function accessTokenError(message: string): DomainError {
  if (/revoked/i.test(message))
    return new DomainError(ErrorCode.TOKEN_REVOKED, 'The access token has been revoked');
  if (/expired/i.test(message))
    return new DomainError(ErrorCode.TOKEN_EXPIRED, 'The access token has expired');
  return new DomainError(ErrorCode.TOKEN_INVALID, 'The access token is invalid');
}

const USER_AUTH_REFUSED = /USER_AUTH|not enabled|not allowed/i;

function invalidParameter(message: string, operation: CognitoOperation): DomainError {
  switch (operation) {
    case 'passwordless':
      if (USER_AUTH_REFUSED.test(message)) {
        return new DomainError(
          ErrorCode.METHOD_NOT_AVAILABLE,
          'Passwordless sign-in is not available for this user pool or app client',
        );
      }
      break;
    case 'passkeySignIn':
      if (USER_AUTH_REFUSED.test(message)) return passkeysNotAvailable();
      break;
    case 'passkeyAnswer':
    case 'passkeys':
      return credentialInvalid();
  }
  return new DomainError(ErrorCode.VALIDATION_FAILED, safeMessage(message));
}

/** Cognito exception name → the contract's error. The one table; everything Cognito throws goes through it. */
const RULES: Record<string, Rule> = {
  NotAuthorizedException: notAuthorized,
  UserNotFoundException: (_m, op) =>
    op === 'admin'
      ? new DomainError(ErrorCode.USER_NOT_FOUND, 'User not found')
      : op === 'forgotPassword'
        ? codeMismatch() // what Cognito answers with PreventUserExistenceErrors: no user enumeration
        : invalidCredentials(),
  UserNotConfirmedException: () => invalidCredentials(),
  PasswordResetRequiredException: () =>
    new DomainError(
      ErrorCode.PASSWORD_RESET_REQUIRED,
      'An administrator reset this password: request a code with forgot-password and confirm it',
    ),
  InvalidPasswordException: (message, op) =>
    op === 'signIn'
      ? invalidCredentials()
      : new DomainError(ErrorCode.INVALID_PASSWORD, policyMessage(message)),
  CodeMismatchException: () => codeMismatch(),
  ExpiredCodeException: () => codeExpired(),
  EnableSoftwareTokenMFAException: () => codeMismatch(),
  SoftwareTokenMFANotFoundException: () =>
    new DomainError(ErrorCode.VALIDATION_FAILED, 'Set up and verify an authenticator app first'),
  UnsupportedTokenTypeException: (message, op) => notAuthorized(message, op),
  // A refresh token that rotation replaced, used after its grace period.
  RefreshTokenReuseException: (message, op) => notAuthorized(message, op),
  UsernameExistsException: () =>
    new DomainError(ErrorCode.USER_EXISTS, 'A user with this username already exists'),
  AliasExistsException: () => new DomainError(ErrorCode.USER_EXISTS, 'Another user already has this email'),
  GroupExistsException: () =>
    new DomainError(ErrorCode.GROUP_EXISTS, 'A group with this name already exists'),
  ResourceNotFoundException: (_m, op) =>
    op === 'admin'
      ? new DomainError(ErrorCode.GROUP_NOT_FOUND, 'Group not found')
      : op === 'passkeys'
        ? new DomainError(ErrorCode.PASSKEY_NOT_FOUND, 'Passkey not found')
        : new DomainError(ErrorCode.UPSTREAM_UNAVAILABLE, 'The user pool or app client is misconfigured'),
  InvalidParameterException: invalidParameter,
  // The passkey ceremonies' own refusals: none of them tells whether a user exists.
  WebAuthnNotEnabledException: passkeysNotAvailable,
  WebAuthnConfigurationMissingException: passkeysNotAvailable,
  WebAuthnChallengeNotFoundException: credentialInvalid,
  WebAuthnRelyingPartyMismatchException: credentialInvalid,
  WebAuthnOriginNotAllowedException: credentialInvalid,
  WebAuthnClientMismatchException: credentialInvalid,
  WebAuthnCredentialNotSupportedException: credentialInvalid,
  TooManyRequestsException: tooMany,
  // On passkey registration: the user already has as many passkeys as Cognito allows.
  LimitExceededException: (_m, op) =>
    op === 'passkeys'
      ? new DomainError(
          ErrorCode.VALIDATION_FAILED,
          'This user has as many passkeys as the user pool allows; delete one first',
        )
      : tooMany(),
  TooManyFailedAttemptsException: tooMany,
  ThrottlingException: tooMany,
  InternalErrorException: unavailable,
  ServiceUnavailable: unavailable,
  TimeoutError: unavailable,
  AbortError: unavailable,
  NetworkingError: unavailable,
  RequestTimeout: unavailable,
};

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

function policyMessage(message: string): string {
  return /policy|password/i.test(message)
    ? message.replace(/^.*?:\s*/, '')
    : 'The password does not meet the policy';
}

/** Cognito's own messages can echo input; keep the ones that only describe what is wrong. */
function safeMessage(message: string): string {
  return message.length > 0 && message.length < 300 && !/password|token|code/i.test(message)
    ? message
    : 'Invalid parameter';
}

/** Maps an error from the AWS SDK or amazon-cognito-identity-js to the contract's DomainError. */
export function mapCognitoError(error: unknown, operation: CognitoOperation): DomainError {
  if (error instanceof DomainError) return error;
  const e = (error ?? {}) as {
    name?: string;
    code?: string;
    message?: string;
    $metadata?: { httpStatusCode?: number };
  };
  const message = typeof e.message === 'string' ? e.message : '';
  const name = e.name && e.name !== 'Error' ? e.name : (e.code ?? '');
  const rule = RULES[name] ?? RULES[e.code ?? ''];
  if (rule) return rule(message, operation);
  if (
    NETWORK_CODES.has(e.code ?? '') ||
    NETWORK_CODES.has(name) ||
    /timeout|socket hang up|network/i.test(message)
  ) {
    return unavailable();
  }
  const status = e.$metadata?.httpStatusCode;
  if (status === undefined || status >= 500) return unavailable();
  return new DomainError(ErrorCode.VALIDATION_FAILED, safeMessage(message));
}

/** Errors meaning "no code goes out to this username": unknown user, or no verified channel. */
export function cannotReceiveCode(error: unknown): boolean {
  const name = cognitoErrorName(error);
  if (name === 'UserNotFoundException') return true;
  const message = (error as { message?: unknown })?.message;
  return (
    (name === 'InvalidParameterException' || name === 'NotAuthorizedException') &&
    typeof message === 'string' &&
    /registered|verified|current state|disabled/i.test(message)
  );
}

/** Cognito's exception name of an error (SDK or identity-js), for logs: never its message. */
export function cognitoErrorName(error: unknown): string {
  const e = error as { name?: unknown; code?: unknown } | undefined;
  const name = typeof e?.name === 'string' && e.name !== 'Error' ? e.name : e?.code;
  return typeof name === 'string' ? name : 'Error';
}
