import { DomainError } from '../common/domain-error';
import { ErrorCode } from '../common/error-code';

/** 409 SELF_LOCKOUT: the request would leave the admin platform without its admin. */
export function selfLockout(message: string): DomainError {
  return new DomainError(ErrorCode.SELF_LOCKOUT, message);
}
