import type { CognitoError } from 'cognito-local/lib/errors';

type CognitoErrorClass = new (code: string, message: string) => CognitoError;

/**
 * Builds errors that cognito-local's HTTP layer turns into `400 {"__type": code, "message": …}`,
 * i.e. the shape AWS answers with, so the SDKs raise the matching exception class.
 * It must use cognito-local's own CognitoError class (the server checks `instanceof`).
 */
export class CognitoErrors {
  constructor(private readonly ErrorClass: CognitoErrorClass) {}

  make(code: string, message: string): CognitoError {
    return new this.ErrorClass(code, message);
  }

  notAuthorized(message: string): CognitoError {
    return this.make('NotAuthorizedException', message);
  }

  /** AWS's answer to a wrong password and to an unknown user alike. */
  incorrectCredentials(): CognitoError {
    return this.notAuthorized('Incorrect username or password.');
  }

  invalidParameter(message: string): CognitoError {
    return this.make('InvalidParameterException', message);
  }

  invalidSession(expired = false): CognitoError {
    return this.notAuthorized(
      expired ? 'Invalid session for the user, session is expired.' : 'Invalid session for the user.',
    );
  }

  userNotFound(): CognitoError {
    return this.make('UserNotFoundException', 'User does not exist.');
  }

  /**
   * AWS's model names RefreshTokenReuseException for a refresh token that rotation invalidated (after
   * its grace period); its message is ours.
   */
  refreshTokenReused(): CognitoError {
    return this.make('RefreshTokenReuseException', 'Refresh Token has been rotated out');
  }

  /** What we answer to an operation this emulator does not implement: a client error, never retried. */
  notImplemented(target: string, isCognitoOperation: boolean, detail?: string): CognitoError {
    return isCognitoOperation
      ? this.make(
          'UnsupportedOperationException',
          `The local Cognito does not implement ${target}${detail ? ` (${detail})` : ''}`,
        )
      : this.make('UnknownOperationException', `Unknown operation ${target}`);
  }
}
