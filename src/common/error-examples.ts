import type { ValidationDetail } from './domain-error';
import { ErrorCode, httpStatusOf } from './error-code';

/** The error body as the exception filter writes it (ErrorResponseDto). */
export interface ErrorExample {
  statusCode: number;
  code: ErrorCode;
  message: string;
  details?: ValidationDetail[];
}

/**
 * What a client sees with each code, as the gateway words it: the OpenAPI document shows these, so
 * every error response of an operation has examples of its own codes, not one body for all.
 */
const EXAMPLES: Record<ErrorCode, { summary: string; message: string; details?: ValidationDetail[] }> = {
  [ErrorCode.VALIDATION_FAILED]: {
    summary: 'The body, query or path fails validation',
    message: 'username is required',
    details: [{ field: 'username', message: 'username is required' }],
  },
  [ErrorCode.MALFORMED_REQUEST]: {
    summary: 'HTTP or JSON that cannot be parsed',
    message: 'Body is not valid JSON',
  },
  [ErrorCode.INVALID_PASSWORD]: {
    summary: 'The new password breaks the pool’s policy',
    message: 'Password must have uppercase characters',
  },
  [ErrorCode.CODE_MISMATCH]: { summary: 'Wrong code', message: 'The code is incorrect' },
  [ErrorCode.CODE_EXPIRED]: { summary: 'Stale code', message: 'The code has expired; request a new one' },
  [ErrorCode.METHOD_NOT_AVAILABLE]: {
    summary: 'The pool does not offer that sign-in method',
    message: 'Sign-in by email code is not available',
  },
  [ErrorCode.CREDENTIAL_INVALID]: {
    summary: 'The passkey response is not for this ceremony',
    message: 'The passkey response is not valid for this request',
  },
  [ErrorCode.INVALID_SESSION]: {
    summary: 'The challenge session is wrong or expired',
    message: 'The challenge session is invalid or has expired',
  },
  [ErrorCode.PASSWORD_INCORRECT]: {
    summary: 'Wrong current password',
    message: 'The current password is incorrect',
  },
  [ErrorCode.INVALID_CREDENTIALS]: {
    summary: 'Wrong password or unknown user',
    message: 'Incorrect username or password.',
  },
  [ErrorCode.TOKEN_MISSING]: {
    summary: 'No bearer token',
    message: 'Authorization: Bearer <accessToken> is required',
  },
  [ErrorCode.TOKEN_INVALID]: {
    summary: 'Not a valid access token of this pool',
    message: 'The access token is invalid',
  },
  [ErrorCode.TOKEN_EXPIRED]: { summary: 'Expired access token', message: 'The access token has expired' },
  [ErrorCode.TOKEN_REVOKED]: {
    summary: 'Access token of a signed-out session',
    message: 'The access token has been revoked',
  },
  [ErrorCode.REFRESH_TOKEN_INVALID]: {
    summary: 'Unusable refresh token',
    message: 'The refresh token is invalid, expired or revoked',
  },
  [ErrorCode.FORBIDDEN]: {
    summary: 'Not in the required group',
    message: 'This route requires membership of the group "admin"',
  },
  [ErrorCode.PASSWORD_RESET_REQUIRED]: {
    summary: 'An administrator reset the password',
    message: 'An administrator reset this password: request a code with forgot-password and confirm it',
  },
  [ErrorCode.USER_NOT_FOUND]: { summary: 'No such user', message: 'User not found' },
  [ErrorCode.GROUP_NOT_FOUND]: { summary: 'No such group', message: 'Group not found' },
  [ErrorCode.PASSKEY_NOT_FOUND]: {
    summary: 'Not one of the caller’s passkeys',
    message: 'Passkey not found',
  },
  [ErrorCode.NOT_FOUND]: { summary: 'No such route', message: 'Route GET /nowhere not found' },
  [ErrorCode.USER_EXISTS]: {
    summary: 'Username or email taken',
    message: 'A user with this username already exists',
  },
  [ErrorCode.GROUP_EXISTS]: {
    summary: 'Group name taken',
    message: 'A group with this name already exists',
  },
  [ErrorCode.SELF_LOCKOUT]: {
    summary: 'Would lock the platform out',
    message: 'You cannot delete your own account',
  },
  [ErrorCode.PAYLOAD_TOO_LARGE]: { summary: 'Body over 1 MB', message: 'Request body is larger than 1 MB' },
  [ErrorCode.UNSUPPORTED_MEDIA_TYPE]: {
    summary: 'A body that is not JSON',
    message: 'Send the body as JSON, with the header Content-Type: application/json',
  },
  [ErrorCode.HEADERS_TOO_LARGE]: {
    summary: 'Headers over 96 KB',
    message: 'Request headers are larger than 96 KB',
  },
  [ErrorCode.TOO_MANY_REQUESTS]: {
    summary: 'Rate limited; see Retry-After',
    message: 'Too many attempts; retry later',
  },
  [ErrorCode.UPSTREAM_UNAVAILABLE]: {
    summary: 'Cognito unreachable; see Retry-After',
    message: 'The identity provider is unavailable; retry later',
  },
  [ErrorCode.INTERNAL_ERROR]: { summary: 'Something unexpected broke', message: 'Internal server error' },
};

/** A code a route can answer, with the message this route gives it when it words it its own way. */
export type DeclaredError = ErrorCode | { code: ErrorCode; message: string };

export function codeOf(error: DeclaredError): ErrorCode {
  return typeof error === 'string' ? error : error.code;
}

export function errorExample(error: DeclaredError): ErrorExample {
  const code = codeOf(error);
  const { message, details } = EXAMPLES[code];
  return {
    statusCode: httpStatusOf(code),
    code,
    message: typeof error === 'string' ? message : error.message,
    ...(details ? { details } : {}),
  };
}

/** OpenAPI examples of one error status: a single `example`, or `examples` named by code. */
export function errorExamples(
  errors: readonly DeclaredError[],
): { example: ErrorExample } | { examples: Record<string, { summary: string; value: ErrorExample }> } {
  if (errors.length === 1) return { example: errorExample(errors[0]) };
  return {
    examples: Object.fromEntries(
      errors.map((error) => [
        codeOf(error),
        { summary: EXAMPLES[codeOf(error)].summary, value: errorExample(error) },
      ]),
    ),
  };
}
