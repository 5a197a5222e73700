import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorCode, httpStatusOf } from './error-code';
import { codeOf, DeclaredError, errorExamples } from './error-examples';
import { ErrorResponseDto } from './error-response.dto';

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Not authenticated',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
  413: 'Payload too large',
  415: 'Unsupported media type',
  429: 'Rate limited, with Retry-After',
  503: 'Cognito unreachable or timed out, with Retry-After',
};

/** The bearer problems every guarded route can answer (the JWT guard's codes). */
export const TOKEN_ERRORS = [
  ErrorCode.TOKEN_MISSING,
  ErrorCode.TOKEN_INVALID,
  ErrorCode.TOKEN_EXPIRED,
  ErrorCode.TOKEN_REVOKED,
] as const;

/** The errors grouped by the status each code maps to (error-code.ts), in the order given. */
export function errorsByStatus(errors: readonly DeclaredError[]): Map<number, DeclaredError[]> {
  const groups = new Map<number, DeclaredError[]>();
  for (const error of errors) {
    const status = httpStatusOf(codeOf(error));
    const group = groups.get(status) ?? [];
    if (!group.some((declared) => codeOf(declared) === codeOf(error))) group.push(error);
    groups.set(status, group);
  }
  return groups;
}

/** An error response of the OpenAPI document: the shared body, with one example per code. */
export function errorResponse(
  status: number,
  errors: readonly DeclaredError[],
  description = `${TITLES[status] ?? 'Error'}: ${errors.map(codeOf).join(', ')}`,
): { description: string; content: { 'application/json': Record<string, unknown> } } {
  return {
    description,
    content: {
      'application/json': {
        schema: { $ref: '#/components/schemas/ErrorResponseDto' },
        ...errorExamples(errors),
      },
    },
  };
}

/**
 * Declares the errors a route (or every route of a controller) can answer, each under the status
 * error-code.ts gives its code, with an example body per code; `{code, message}` shows the route's own
 * wording. A route's declaration of a status replaces its controller's for that status, so list every
 * code of it. Bearer problems (401) are added to every guarded operation, and 413/415 to every
 * operation with a body, by buildOpenApiDocument.
 */
export const ApiErrors = (...errors: DeclaredError[]): MethodDecorator & ClassDecorator =>
  applyDecorators(
    ...[...errorsByStatus(errors)].map(([status, group]) =>
      ApiResponse({
        status,
        description: errorResponse(status, group).description,
        type: ErrorResponseDto,
        ...errorExamples(group),
      }),
    ),
  );
