import { applyDecorators } from '@nestjs/common';
import {
  IsString,
  Length,
  Matches,
  MaxLength,
  MinLength,
  registerDecorator,
  ValidationArguments,
  ValidationOptions,
} from 'class-validator';
import { POOL_PASSWORD_POLICY } from '../../common/validation.pipe';

/** Cognito's username rule: 1–128 characters, no whitespace. */
export const IsUsername = (): PropertyDecorator =>
  applyDecorators(
    IsString(),
    Length(1, 128),
    Matches(/^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u, { message: '$property must not contain whitespace' }),
  );

/** Any password Cognito could hold (the pool's policy is Cognito's to enforce: INVALID_PASSWORD). */
export const IsPassword = (): PropertyDecorator => applyDecorators(IsString(), Length(1, 256));

/**
 * A new password: Cognito's own limits (6–256 characters, the smallest policy allowed, no leading or
 * trailing whitespace); the pool's policy decides the rest (400 INVALID_PASSWORD). A password too short
 * for any pool is told the pool's rules.
 */
export const IsNewPassword = (): PropertyDecorator =>
  applyDecorators(
    IsString(),
    MinLength(6, { context: POOL_PASSWORD_POLICY }),
    MaxLength(256),
    Matches(/^\S(.*\S)?$/s, { message: '$property must not start or end with whitespace' }),
  );

/** A 6-digit verification or MFA code. */
export const IsSixDigitCode = (): PropertyDecorator =>
  applyDecorators(IsString(), Matches(/^\d{6}$/, { message: '$property must be a 6-digit code' }));

/** A one-time sign-in code: Cognito sends 8 digits; 6 are taken too, should a pool send shorter ones. */
export const IsSignInCode = (): PropertyDecorator =>
  applyDecorators(
    IsString(),
    Matches(/^\d{6,8}$/, { message: '$property must be the 6- to 8-digit code that was sent' }),
  );

/**
 * A challenge session: any string here, so that a session of the wrong length or form gets the same
 * 400 INVALID_SESSION as any other session Cognito would not take (unwrapChallengeSession).
 */
export const IsChallengeSession = (): PropertyDecorator => applyDecorators(IsString());

/** A Cognito token as the app holds it (AWS refresh tokens are ~1.8 KB). */
export const IsTokenString = (): PropertyDecorator =>
  applyDecorators(
    IsString(),
    Length(1, 8192),
    Matches(/^[A-Za-z0-9_\-.=+/]+$/, { message: '$property must be a token' }),
  );

const ATTRIBUTE_NAME = /^(custom:)?[\w.:-]{1,32}$/;
const MAX_ATTRIBUTES = 50;
const MAX_VALUE_LENGTH = 2048;

/** A map of Cognito user attributes: `{ name: value }`, names like `given_name` or `custom:tenant`. */
export function IsAttributeMap(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isAttributeMap',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: (args: ValidationArguments) =>
          `${args.property} must map at most ${MAX_ATTRIBUTES} attribute names (letters, digits, _ . : -; custom:name) to strings of at most ${MAX_VALUE_LENGTH} characters`,
        ...options,
      },
      validator: {
        validate(value: unknown): boolean {
          if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
          const entries = Object.entries(value);
          return (
            entries.length <= MAX_ATTRIBUTES &&
            entries.every(
              ([name, v]) =>
                ATTRIBUTE_NAME.test(name) &&
                name !== 'sub' &&
                typeof v === 'string' &&
                v.length <= MAX_VALUE_LENGTH,
            )
          );
        },
      },
    });
}
