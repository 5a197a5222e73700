import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';

const ATTRIBUTE_NAME = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,32}$/u;
const MAX_VALUE_LENGTH = 2048;
const MAX_ATTRIBUTES = 50;

function problemWith(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'must be an object';
  const entries = Object.entries(value);
  if (entries.length > MAX_ATTRIBUTES) return `may hold at most ${MAX_ATTRIBUTES} attributes`;
  for (const [name, attributeValue] of entries) {
    if (!ATTRIBUTE_NAME.test(name)) return `has an invalid attribute name "${name.slice(0, 40)}"`;
    if (typeof attributeValue !== 'string') return `.${name} must be a string`;
    if (attributeValue.length > MAX_VALUE_LENGTH)
      return `.${name} must be at most ${MAX_VALUE_LENGTH} characters`;
  }
  return undefined;
}

/** `{ name: value }` with Cognito attribute names and string values (Cognito stores every attribute as text). */
export function IsAttributeMap(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isAttributeMap',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => problemWith(value) === undefined,
        defaultMessage: (args: ValidationArguments) => `${args.property} ${problemWith(args.value)}`,
      },
    });
}
