import { HttpException } from '@nestjs/common';
import { ErrorCode } from './error-code';

export interface ValidationDetail {
  field: string;
  message: string;
}

/** The one exception type services throw; the exception filter writes it as the contract's error body. */
export class ApiError extends HttpException {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: ValidationDetail[],
    readonly retryAfterSeconds?: number,
  ) {
    super(message, statusCode);
  }
}
