import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DomainError } from './domain-error';
import { ErrorCode, httpStatusOf } from './error-code';

interface ErrorBody {
  statusCode: number;
  code: ErrorCode;
  message: string;
  details?: { field: string; message: string }[];
}

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: ErrorCode.VALIDATION_FAILED,
  401: ErrorCode.TOKEN_INVALID,
  403: ErrorCode.FORBIDDEN,
  404: ErrorCode.NOT_FOUND,
  405: ErrorCode.NOT_FOUND,
  413: ErrorCode.PAYLOAD_TOO_LARGE,
  415: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
  431: ErrorCode.HEADERS_TOO_LARGE,
  429: ErrorCode.TOO_MANY_REQUESTS,
  503: ErrorCode.UPSTREAM_UNAVAILABLE,
};

/** Fastify's own errors (body parsing, limits) carry a statusCode and a FST_* code. */
function isFastifyError(error: unknown): error is { statusCode: number; code: string; message: string } {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { statusCode?: unknown }).statusCode === 'number' &&
    typeof (error as { code?: unknown }).code === 'string'
  );
}

/** Fastify's body parsing refused the request: say what to send instead, in the contract's terms. */
function fastifyErrorBody(error: { statusCode: number; code: string; message: string }): ErrorBody {
  const { statusCode } = error;
  if (statusCode === 413) {
    return { statusCode, code: ErrorCode.PAYLOAD_TOO_LARGE, message: 'Request body is larger than 1 MB' };
  }
  if (statusCode === 415) {
    return {
      statusCode,
      code: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
      message: 'Send the body as JSON, with the header Content-Type: application/json',
    };
  }
  if (error.code.startsWith('FST_ERR_CTP_')) {
    return { statusCode: 400, code: ErrorCode.MALFORMED_REQUEST, message: error.message };
  }
  return {
    statusCode,
    code: CODE_BY_STATUS[statusCode] ?? ErrorCode.VALIDATION_FAILED,
    message: error.message,
  };
}

/** Turns anything thrown into the contract's error body; the only place that writes error responses. */
export function toErrorBody(error: unknown): { body: ErrorBody; retryAfter?: number } {
  if (error instanceof DomainError) {
    const body: ErrorBody = {
      statusCode: httpStatusOf(error.code),
      code: error.code,
      message: error.message,
    };
    if (error.details) body.details = error.details;
    return { body, retryAfter: error.retryAfterSeconds };
  }
  if (error instanceof HttpException) {
    // Nest wraps Fastify's 4xx errors (body parsing, media type) and keeps the original as the cause.
    if (isFastifyError(error.cause) && error.cause.statusCode < 500) {
      return { body: fastifyErrorBody(error.cause) };
    }
    const statusCode = error.getStatus();
    const code =
      CODE_BY_STATUS[statusCode] ??
      (statusCode >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.VALIDATION_FAILED);
    return { body: { statusCode, code, message: error.message } };
  }
  if (isFastifyError(error) && error.statusCode >= 400 && error.statusCode < 500) {
    return { body: fastifyErrorBody(error) };
  }
  return { body: { statusCode: 500, code: ErrorCode.INTERNAL_ERROR, message: 'Internal server error' } };
}

@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { body, retryAfter } = toErrorBody(exception);
    if (body.statusCode >= 500 && body.code !== ErrorCode.UPSTREAM_UNAVAILABLE) {
      this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    }
    if (retryAfter !== undefined) void reply.header('Retry-After', String(retryAfter));
    void reply.status(body.statusCode).send(body);
  }
}
