import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorCode } from './error-code';
import { ErrorResponseDto } from './error-response.dto';

const DESCRIPTIONS: Record<number, string> = {
  400: 'Bad request (VALIDATION_FAILED and operation-specific codes)',
  401: 'Not authenticated (TOKEN_MISSING, TOKEN_INVALID, TOKEN_EXPIRED, TOKEN_REVOKED, or the operation’s own 401 code)',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
  413: 'Body over 1 MB (PAYLOAD_TOO_LARGE)',
  429: 'Rate limited (TOO_MANY_REQUESTS), with Retry-After',
  503: 'Cognito unreachable or timed out (UPSTREAM_UNAVAILABLE), with Retry-After',
};

/** One error status of a route, optionally with the exact codes this route answers with it. */
export type ApiErrorStatus = number | { status: number; codes: ErrorCode[] };

/** Declares the error responses a route can give, all with the shared error body. */
export const ApiErrors = (...statuses: ApiErrorStatus[]): MethodDecorator & ClassDecorator =>
  applyDecorators(
    ...statuses.map((entry) => {
      const status = typeof entry === 'number' ? entry : entry.status;
      const description =
        typeof entry === 'number'
          ? (DESCRIPTIONS[status] ?? 'Error')
          : `Error codes: ${entry.codes.join(', ')}`;
      return ApiResponse({ status, description, type: ErrorResponseDto });
    }),
  );
