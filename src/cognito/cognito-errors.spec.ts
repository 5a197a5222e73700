import { toErrorBody } from '../common/api-exception.filter';
import { httpStatusOf } from '../common/error-code';
import { mapCognitoError } from './cognito-errors';

const err = (name: string, message = '', extra: object = {}) =>
  Object.assign(new Error(message), { name, ...extra });

describe('mapCognitoError', () => {
  it.each([
    [err('NotAuthorizedException', 'Incorrect username or password.'), 'signIn', 401, 'INVALID_CREDENTIALS'],
    [err('UserNotFoundException', 'User does not exist.'), 'signIn', 401, 'INVALID_CREDENTIALS'],
    [err('UserNotFoundException', 'User does not exist.'), 'admin', 404, 'USER_NOT_FOUND'],
    [
      err('NotAuthorizedException', 'Unable to verify secret hash for client abc'),
      'signIn',
      500,
      'INTERNAL_ERROR',
    ],
    [
      err('NotAuthorizedException', 'Client abc is configured for secret but secret was not received'),
      'forgotPassword',
      500,
      'INTERNAL_ERROR',
    ],
    [
      err('NotAuthorizedException', 'Unable to verify secret for client abc'),
      'refresh',
      500,
      'INTERNAL_ERROR',
    ],
    [err('NotAuthorizedException', 'Invalid session for the user.'), 'challenge', 400, 'INVALID_SESSION'],
    [
      err('NotAuthorizedException', 'Invalid session for the user, session is expired.'),
      'passwordless',
      400,
      'CODE_EXPIRED',
    ],
    [err('NotAuthorizedException', 'Invalid session for the user.'), 'passwordless', 400, 'INVALID_SESSION'],
    [
      err('NotAuthorizedException', 'Incorrect username or password.'),
      'passwordless',
      401,
      'INVALID_CREDENTIALS',
    ],
    [
      err('InvalidParameterException', 'USER_AUTH flow not enabled for this client'),
      'passwordless',
      400,
      'METHOD_NOT_AVAILABLE',
    ],
    [
      err('InvalidParameterException', 'USER_AUTH flow not enabled for this client'),
      'signIn',
      400,
      'VALIDATION_FAILED',
    ],
    [
      err('InvalidParameterException', 'USER_AUTH flow not enabled for this client'),
      'passkeySignIn',
      400,
      'METHOD_NOT_AVAILABLE',
    ],
    [err('WebAuthnNotEnabledException', 'WebAuthn is not enabled'), 'passkeys', 400, 'METHOD_NOT_AVAILABLE'],
    [err('InvalidParameterException', 'Invalid CREDENTIAL'), 'passkeyAnswer', 400, 'CREDENTIAL_INVALID'],
    [err('WebAuthnOriginNotAllowedException', 'origin'), 'passkeyAnswer', 400, 'CREDENTIAL_INVALID'],
    [err('WebAuthnRelyingPartyMismatchException', 'rp'), 'passkeys', 400, 'CREDENTIAL_INVALID'],
    [err('WebAuthnChallengeNotFoundException', 'none'), 'passkeys', 400, 'CREDENTIAL_INVALID'],
    [
      err('NotAuthorizedException', 'Incorrect username or password.'),
      'passkeyAnswer',
      401,
      'INVALID_CREDENTIALS',
    ],
    [err('NotAuthorizedException', 'Invalid session for the user.'), 'passkeyAnswer', 400, 'INVALID_SESSION'],
    [err('NotAuthorizedException', 'Access Token has been revoked'), 'passkeys', 401, 'TOKEN_REVOKED'],
    [err('ResourceNotFoundException', 'Credential not found'), 'passkeys', 404, 'PASSKEY_NOT_FOUND'],
    [err('LimitExceededException', 'Too many credentials'), 'passkeys', 400, 'VALIDATION_FAILED'],
    [err('LimitExceededException', 'Rate exceeded'), 'signIn', 429, 'TOO_MANY_REQUESTS'],
    [
      err('NotAuthorizedException', 'Refresh Token has been revoked'),
      'refresh',
      401,
      'REFRESH_TOKEN_INVALID',
    ],
    [err('NotAuthorizedException', 'Access Token has been revoked'), 'userToken', 401, 'TOKEN_REVOKED'],
    [
      err('NotAuthorizedException', 'Incorrect username or password.'),
      'changePassword',
      400,
      'PASSWORD_INCORRECT',
    ],
    [err('PasswordResetRequiredException'), 'signIn', 403, 'PASSWORD_RESET_REQUIRED'],
    [
      err('InvalidPasswordException', 'Password did not conform with policy: too short'),
      'changePassword',
      400,
      'INVALID_PASSWORD',
    ],
    [err('CodeMismatchException'), 'forgotPassword', 400, 'CODE_MISMATCH'],
    [err('ExpiredCodeException'), 'forgotPassword', 400, 'CODE_EXPIRED'],
    [err('UsernameExistsException'), 'admin', 409, 'USER_EXISTS'],
    [err('GroupExistsException'), 'admin', 409, 'GROUP_EXISTS'],
    [err('ResourceNotFoundException'), 'admin', 404, 'GROUP_NOT_FOUND'],
    [err('TooManyRequestsException'), 'signIn', 429, 'TOO_MANY_REQUESTS'],
    [err('LimitExceededException'), 'forgotPassword', 429, 'TOO_MANY_REQUESTS'],
    [
      err('Error', 'connect ECONNREFUSED 127.0.0.1:1', { code: 'ECONNREFUSED' }),
      'signIn',
      503,
      'UPSTREAM_UNAVAILABLE',
    ],
    [err('TimeoutError', 'Connection timed out'), 'admin', 503, 'UPSTREAM_UNAVAILABLE'],
    [err('TimeoutError', 'The operation was aborted due to timeout'), 'refresh', 503, 'UPSTREAM_UNAVAILABLE'],
    [err('Error', 'Network error', { code: 'NetworkError' }), 'challenge', 503, 'UPSTREAM_UNAVAILABLE'],
    [err('UserNotFoundException', 'User does not exist.'), 'forgotPassword', 400, 'CODE_MISMATCH'],
    [err('NotAuthorizedException', 'User is disabled.'), 'forgotPassword', 400, 'CODE_MISMATCH'],
    [
      err('NotAuthorizedException', 'A client attempted to write unauthorized attribute'),
      'userToken',
      400,
      'VALIDATION_FAILED',
    ],
    [
      err('NotAuthorizedException', 'Invalid session for the user, session is expired.'),
      'challenge',
      400,
      'INVALID_SESSION',
    ],
    [err('CodeMismatchException', 'Invalid code received for user'), 'challenge', 400, 'CODE_MISMATCH'],
    [
      err('InvalidPasswordException', 'Password does not conform to policy'),
      'challenge',
      400,
      'INVALID_PASSWORD',
    ],
    [
      err('InvalidPasswordException', 'Password does not conform to policy'),
      'forgotPassword',
      400,
      'INVALID_PASSWORD',
    ],
    [err('SoftwareTokenMFANotFoundException'), 'userToken', 400, 'VALIDATION_FAILED'],
    [err('UnsupportedTokenTypeException'), 'refresh', 401, 'REFRESH_TOKEN_INVALID'],
    [err('RefreshTokenReuseException'), 'refresh', 401, 'REFRESH_TOKEN_INVALID'],
    [
      { code: 'NotAuthorizedException', name: 'NotAuthorizedException', message: 'x' },
      'signIn',
      401,
      'INVALID_CREDENTIALS',
    ],
  ] as const)('%s during %s → %i %s', (error, operation, status, code) => {
    const mapped = mapCognitoError(error, operation);
    expect(httpStatusOf(mapped.code)).toBe(status);
    expect(mapped.code).toBe(code);
  });

  it.each([
    'TooManyRequestsException',
    'LimitExceededException',
    'TooManyFailedAttemptsException',
    'ThrottlingException',
  ])(
    'Cognito throttling (%s) is the contract 429 with Retry-After on every operation, SDK or identity-js shaped',
    (name) => {
      const operations = ['signIn', 'challenge', 'refresh', 'forgotPassword', 'userToken', 'admin'] as const;
      for (const operation of operations) {
        for (const error of [err(name, 'Rate exceeded'), err('Error', 'Rate exceeded', { code: name })]) {
          const { body, retryAfter } = toErrorBody(mapCognitoError(error, operation));
          expect(body).toEqual({ statusCode: 429, code: 'TOO_MANY_REQUESTS', message: expect.any(String) });
          expect(retryAfter).toBeGreaterThan(0);
        }
      }
    },
  );

  it("Cognito's lockout after failed sign-ins is 429 with Retry-After at sign-in, and nowhere else", () => {
    const locked = err('NotAuthorizedException', 'Password attempts exceeded');
    for (const operation of ['signIn', 'challenge'] as const) {
      const { body, retryAfter } = toErrorBody(mapCognitoError(locked, operation));
      expect(body).toEqual({ statusCode: 429, code: 'TOO_MANY_REQUESTS', message: expect.any(String) });
      expect(retryAfter).toBeGreaterThan(0);
    }
    expect(mapCognitoError(locked, 'refresh').code).toBe('REFRESH_TOKEN_INVALID');
  });

  it('gives Retry-After with 429 and 503', () => {
    expect(mapCognitoError(err('TooManyRequestsException'), 'signIn').retryAfterSeconds).toBeGreaterThan(0);
    expect(mapCognitoError(err('InternalErrorException'), 'admin').retryAfterSeconds).toBeGreaterThan(0);
  });

  it('never echoes a message that mentions a password, code or token', () => {
    const mapped = mapCognitoError(
      err('InvalidParameterException', 'Invalid code provided: 123456', {
        $metadata: { httpStatusCode: 400 },
      }),
      'other',
    );
    expect(mapped.message).not.toContain('123456');
  });
});
