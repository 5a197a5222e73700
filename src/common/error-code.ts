/** Every `code` the contract (API.md, "Error codes") lets an error body carry. */
export enum ErrorCode {
  VALIDATION_FAILED = 'VALIDATION_FAILED',
  INVALID_PASSWORD = 'INVALID_PASSWORD',
  CODE_MISMATCH = 'CODE_MISMATCH',
  CODE_EXPIRED = 'CODE_EXPIRED',
  INVALID_SESSION = 'INVALID_SESSION',
  PASSWORD_INCORRECT = 'PASSWORD_INCORRECT',
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
  USER_EXISTS = 'USER_EXISTS',
  GROUP_EXISTS = 'GROUP_EXISTS',
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
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
