import type { SchemaAttributeType } from '@aws-sdk/client-cognito-identity-provider';
import { DomainError, ValidationDetail } from '../common/domain-error';
import { ErrorCode } from '../common/error-code';
import { STANDARD_ATTRIBUTES } from '../common/standard-attributes';

/** Which attributes a user pool has, and which of them may change after a user was created. */
export class UserPoolSchema {
  private readonly mutable = new Map<string, boolean>();

  constructor(schema: SchemaAttributeType[] | undefined) {
    if (schema && schema.length > 0) {
      for (const attribute of schema) {
        if (attribute.Name) this.mutable.set(attribute.Name, attribute.Mutable !== false);
      }
    } else {
      for (const name of STANDARD_ATTRIBUTES) this.mutable.set(name, true);
    }
    // Cognito assigns sub itself; nobody may set it.
    this.mutable.delete('sub');
  }

  /** Refuses (400) attributes the pool does not have, and on update the ones that cannot change. */
  check(attributes: Record<string, string>, moment: 'create' | 'update'): void {
    const details: ValidationDetail[] = [];
    for (const name of Object.keys(attributes)) {
      const field = `attributes.${name}`;
      const mutable = this.mutable.get(name);
      if (name === 'sub') details.push({ field, message: 'sub is assigned by the user pool' });
      else if (mutable === undefined)
        details.push({ field, message: `${name} is not an attribute of this user pool` });
      else if (moment === 'create' && name === 'email')
        details.push({ field, message: 'email has its own field' });
      else if (moment === 'update' && !mutable)
        details.push({ field, message: `${name} cannot be changed after the user was created` });
    }
    if (details.length > 0) throw new DomainError(ErrorCode.VALIDATION_FAILED, details[0].message, details);
  }
}
