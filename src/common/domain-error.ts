import { ErrorCode } from './error-code';

export interface ValidationDetail {
  field: string;
  message: string;
}

/**
 * What services, guards and pipes throw when a request cannot succeed: a contract error code, never an
 * HTTP status. The exception filter alone turns the code into a status (`httpStatusOf`).
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ValidationDetail[],
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
