import { ValidateIf } from 'class-validator';

/**
 * An optional field: it may be left out, but when present every rule applies. class-validator's
 * IsOptional also waves `null` through, which then reaches the service as if it were a value.
 */
export const Omittable = (): PropertyDecorator => ValidateIf((_object, value) => value !== undefined);
