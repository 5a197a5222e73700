import { ValidationError, ValidationPipe } from '@nestjs/common';
import { ApiError, ValidationDetail } from './api-error';
import { ErrorCode } from './error-code';

function flatten(errors: ValidationError[], parent = ''): ValidationDetail[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** Unknown fields are rejected, never dropped; every failure is 400 VALIDATION_FAILED with details. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const details = flatten(errors);
      return new ApiError(
        400,
        ErrorCode.VALIDATION_FAILED,
        details[0]?.message ?? 'Validation failed',
        details,
      );
    },
  });
}
