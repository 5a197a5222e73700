/** Every `code` the contract (API.md, "Error codes") lets an error body carry. */
export enum ErrorCode {
  VALIDATION_FAILED = 'VALIDATION_FAILED',
  /** HTTP or JSON that cannot be parsed. */
  MALFORMED_REQUEST = 'MALFORMED_REQUEST',
  INVALID_PASSWORD = 'INVALID_PASSWORD',
  CODE_MISMATCH = 'CODE_MISMATCH',
  CODE_EXPIRED = 'CODE_EXPIRED',
  INVALID_SESSION = 'INVALID_SESSION',
  PASSWORD_INCORRECT = 'PASSWORD_INCORRECT',
  /** The pool or app client does not offer that sign-in method (v2). */
  METHOD_NOT_AVAILABLE = 'METHOD_NOT_AVAILABLE',
  /** A passkey response that cannot be for this ceremony: malformed, another origin, relying party or challenge (v2). */
  CREDENTIAL_INVALID = 'CREDENTIAL_INVALID',
  INVALID_CREDENTIALS = 'INVALID_CREDENTIALS',
  TOKEN_MISSING = 'TOKEN_MISSING',
  TOKEN_INVALID = 'TOKEN_INVALID',
  TOKEN_EXPIRED = 'TOKEN_EXPIRED',
  TOKEN_REVOKED = 'TOKEN_REVOKED',
  REFRESH_TOKEN_INVALID = 'REFRESH_TOKEN_INVALID',
  FORBIDDEN = 'FORBIDDEN',
  PASSWORD_RESET_REQUIRED = 'PASSWORD_RESET_REQUIRED',
  USER_NOT_FOUND = 'USER_NOT_FOUND',
  GROUP_NOT_FOUND = 'GROUP_NOT_FOUND',
  /** Delete of a passkey the caller does not have (v2). */
  PASSKEY_NOT_FOUND = 'PASSKEY_NOT_FOUND',
  USER_EXISTS = 'USER_EXISTS',
  GROUP_EXISTS = 'GROUP_EXISTS',
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE = 'UNSUPPORTED_MEDIA_TYPE',
  HEADERS_TOO_LARGE = 'HEADERS_TOO_LARGE',
  TOO_MANY_REQUESTS = 'TOO_MANY_REQUESTS',
  UPSTREAM_UNAVAILABLE = 'UPSTREAM_UNAVAILABLE',
  /**
   * Contract addition (409, admin routes): the request would lock the platform out — deleting or
   * disabling yourself, removing yourself from the admin group, or deleting the admin group.
   */
  SELF_LOCKOUT = 'SELF_LOCKOUT',
  /** Not in the contract's table: an unknown route or method. */
  NOT_FOUND = 'NOT_FOUND',
  /** Not in the contract's table: the last resort when something unexpected broke. */
  INTERNAL_ERROR = 'INTERNAL_ERROR',
}

/** The one place a contract error code becomes an HTTP status (API.md, "Error codes"). */
const STATUS_BY_CODE: Record<ErrorCode, number> = {
  [ErrorCode.VALIDATION_FAILED]: 400,
  [ErrorCode.MALFORMED_REQUEST]: 400,
  [ErrorCode.INVALID_PASSWORD]: 400,
  [ErrorCode.CODE_MISMATCH]: 400,
  [ErrorCode.CODE_EXPIRED]: 400,
  [ErrorCode.INVALID_SESSION]: 400,
  [ErrorCode.PASSWORD_INCORRECT]: 400,
  [ErrorCode.METHOD_NOT_AVAILABLE]: 400,
  [ErrorCode.CREDENTIAL_INVALID]: 400,
  [ErrorCode.INVALID_CREDENTIALS]: 401,
  [ErrorCode.TOKEN_MISSING]: 401,
  [ErrorCode.TOKEN_INVALID]: 401,
  [ErrorCode.TOKEN_EXPIRED]: 401,
  [ErrorCode.TOKEN_REVOKED]: 401,
  [ErrorCode.REFRESH_TOKEN_INVALID]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.PASSWORD_RESET_REQUIRED]: 403,
  [ErrorCode.USER_NOT_FOUND]: 404,
  [ErrorCode.GROUP_NOT_FOUND]: 404,
  [ErrorCode.PASSKEY_NOT_FOUND]: 404,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.USER_EXISTS]: 409,
  [ErrorCode.GROUP_EXISTS]: 409,
  [ErrorCode.SELF_LOCKOUT]: 409,
  [ErrorCode.PAYLOAD_TOO_LARGE]: 413,
  [ErrorCode.UNSUPPORTED_MEDIA_TYPE]: 415,
  [ErrorCode.HEADERS_TOO_LARGE]: 431,
  [ErrorCode.TOO_MANY_REQUESTS]: 429,
  [ErrorCode.INTERNAL_ERROR]: 500,
  [ErrorCode.UPSTREAM_UNAVAILABLE]: 503,
};

export function httpStatusOf(code: ErrorCode): number {
  return STATUS_BY_CODE[code];
}
