import type { UserPoolService } from 'cognito-local/lib/services/userPoolService';
import type { CognitoErrors } from './errors';
import { STANDARD_ATTRIBUTES } from '../common/standard-attributes';

/**
 * Refuses, in AWS's words, attribute names the pool's schema does not have: custom attributes never
 * added, and every `cognito:*` name (Cognito's own claims, such as cognito:groups, are no attributes).
 */
export function assertInSchema(errors: CognitoErrors, pool: UserPoolService, names: readonly string[]): void {
  const known = new Set(STANDARD_ATTRIBUTES);
  for (const attribute of pool.options.SchemaAttributes ?? []) if (attribute.Name) known.add(attribute.Name);
  const unknown = names.filter((name) => !known.has(name));
  if (unknown.length === 0) return;
  const reasons = unknown.map((name) => `${name}: Attribute does not exist in the schema.\n`).join('');
  throw errors.invalidParameter(`Attributes did not conform to the schema: ${reasons}`);
}

/**
 * The attributes the pool's schema requires that the user has no value for: what NEW_PASSWORD_REQUIRED
 * lists in requiredAttributes, and what its answer must then supply.
 */
export function missingRequired(
  pool: UserPoolService,
  attributes: readonly { Name?: string; Value?: string }[],
): string[] {
  const present = new Set(
    attributes.filter((attribute) => attribute.Value).map((attribute) => attribute.Name),
  );
  return (pool.options.SchemaAttributes ?? [])
    .filter((attribute) => attribute.Required && attribute.Name !== 'sub' && !present.has(attribute.Name))
    .map((attribute) => attribute.Name ?? '');
}
