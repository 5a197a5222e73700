import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { DomainError, ValidationDetail } from './domain-error';
import { ErrorCode } from './error-code';

/**
 * Far deeper than any DTO here. Nest's pipe and class-transformer walk input recursively, so a body
 * nested 10,000 levels deep would overflow the stack (a 500) if it got to them.
 */
const MAX_DEPTH = 32;
/** C0 and C1 control characters except tab, line feed and carriage return: no text field needs them. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
/**
 * A surrogate without its pair: JSON may spell one ("\ud800") but it is no text, and validators throw
 * on it (validator's isEmail runs encodeURI: a URIError, then a 500).
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Keys Nest's pipe would silently delete (prototype pollution guard); here they are refused instead. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * The `context` of a validator whose failure means "this new password cannot satisfy the pool's policy"
 * (too short for any pool): its message then states the pool's actual rules.
 */
export const POOL_PASSWORD_POLICY = { poolPasswordPolicy: true };

/** A detail, and whether the pool's password rules should replace its message. */
type Detail = ValidationDetail & { poolPasswordPolicy?: boolean };

function flatten(errors: ValidationError[], parent = ''): Detail[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    // Optional fields never fail when left out, so a missing value is a required field: say that alone.
    if (error.value === undefined && error.constraints) return [{ field, message: `${field} is required` }];
    const own = Object.entries(error.constraints ?? {}).map(([constraint, message]) => ({
      field,
      message,
      poolPasswordPolicy:
        (error.contexts?.[constraint] as Partial<typeof POOL_PASSWORD_POLICY>)?.poolPasswordPolicy === true,
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** Replaces the message of a too-short new password with the pool's rules, when they can be read. */
async function withPasswordRules(
  details: Detail[],
  passwordRules?: () => Promise<string | undefined>,
): Promise<ValidationDetail[]> {
  const rules =
    passwordRules && details.some((d) => d.poolPasswordPolicy) ? await passwordRules() : undefined;
  return details.map(({ field, message, poolPasswordPolicy }) => ({
    field,
    message: rules && poolPasswordPolicy ? `${field}: ${rules}` : message,
  }));
}

/** The first thing in the raw input that no DTO rule should have to see; iterative, so depth cannot hurt it. */
function shapeProblem(input: unknown): ValidationDetail | undefined {
  const pending: { value: unknown; field: string; depth: number }[] = [{ value: input, field: '', depth: 0 }];
  while (pending.length > 0) {
    const { value, field, depth } = pending.pop()!;
    const name = field || 'input';
    if (typeof value === 'string' && CONTROL_CHARACTER.test(value)) {
      return { field: name, message: `${name} must not contain control characters` };
    }
    if (typeof value === 'string' && LONE_SURROGATE.test(value)) {
      return { field: name, message: `${name} must be valid Unicode text` };
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_DEPTH) return { field: name, message: `${name} is nested too deeply` };
    for (const [key, child] of Object.entries(value)) {
      const childField = Array.isArray(value) ? `${field}[${key}]` : field ? `${field}.${key}` : key;
      if (!Array.isArray(value) && PROTOTYPE_KEYS.has(key)) {
        return { field: childField, message: `property ${key} should not exist` };
      }
      pending.push({ value: child, field: childField, depth: depth + 1 });
    }
  }
  return undefined;
}

/** Unknown fields are rejected, never dropped; every failure is 400 VALIDATION_FAILED with details. */
class ContractValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // Custom decorators (the caller's verified claims) carry no client input.
    const problem = metadata.type === 'custom' ? undefined : shapeProblem(value);
    if (problem) throw new DomainError(ErrorCode.VALIDATION_FAILED, problem.message, [problem]);
    return super.transform(value, metadata);
  }
}

export interface ValidationPipeOptions {
  /** The pool's password policy as a sentence, for the messages of new passwords that cannot meet it. */
  passwordRules?: () => Promise<string | undefined>;
}

export function createValidationPipe(options: ValidationPipeOptions = {}): ValidationPipe {
  return new ContractValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    // The value only tells a missing field apart; no value ever goes into an error body.
    validationError: { target: false, value: true },
    exceptionFactory: async (errors) => {
      const details = await withPasswordRules(flatten(errors), options.passwordRules);
      return new DomainError(
        ErrorCode.VALIDATION_FAILED,
        details[0]?.message ?? 'Validation failed',
        details,
      );
    },
  });
}
