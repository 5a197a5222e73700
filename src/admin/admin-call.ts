import { DomainError } from '../common/domain-error';
import { ErrorCode } from '../common/error-code';
import { mapCognitoError } from '../cognito/cognito-errors';

/** Runs one admin call to Cognito; whatever it throws becomes the contract's error through the one table. */
export async function adminCall<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw mapCognitoError(error, 'admin');
  }
}

/** 409 SELF_LOCKOUT: the request would leave the admin platform without its admin. */
export function selfLockout(message: string): DomainError {
  return new DomainError(ErrorCode.SELF_LOCKOUT, message);
}
