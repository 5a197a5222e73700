import type { AttributeType } from '@aws-sdk/client-cognito-identity-provider';
import type { User } from 'cognito-local/lib/services/userPoolService';
import type { CognitoErrors } from '../errors';

const MARKER = 'lc1';

/**
 * One page of `items` ordered by `keyOf`, resuming strictly after the key sealed in the opaque token,
 * so that consecutive pages have no duplicate and no gap (even if items are added meanwhile).
 */
export function paginate<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  limit: number | undefined,
  token: string | undefined,
  errors: CognitoErrors,
  maxLimit = 60,
): { page: T[]; next?: string } {
  if (limit !== undefined && limit !== null && (!Number.isInteger(limit) || limit < 0 || limit > maxLimit)) {
    throw errors.invalidParameter(
      `1 validation error detected: Value '${limit}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to ${maxLimit}`,
    );
  }
  const size = limit || maxLimit;
  let after: string | undefined;
  if (token) {
    try {
      const decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
        v?: unknown;
        a?: unknown;
      };
      if (decoded.v !== MARKER || typeof decoded.a !== 'string') throw new Error('bad token');
      after = decoded.a;
    } catch {
      throw errors.invalidParameter('Invalid pagination token.');
    }
  }
  const sorted = [...items].sort((x, y) => compare(keyOf(x), keyOf(y)));
  const start = after === undefined ? 0 : sorted.findIndex((item) => compare(keyOf(item), after) > 0);
  if (start < 0) return { page: [] };
  const page = sorted.slice(start, start + size);
  const more = start + size < sorted.length;
  const next = more
    ? Buffer.from(JSON.stringify({ v: MARKER, a: keyOf(page[page.length - 1]) })).toString('base64url')
    : undefined;
  return { page, next };
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const asDate = (value: unknown): Date | undefined =>
  value === undefined || value === null ? undefined : new Date(value as string | number | Date);

/** A user as the list operations return it (dates as Date so they serialize as epoch seconds). */
export function userSummary(user: User, attributesToGet?: string[]) {
  let attributes: AttributeType[] = user.Attributes ?? [];
  if (attributesToGet?.length) attributes = attributes.filter((a) => attributesToGet.includes(a.Name ?? ''));
  return {
    Username: user.Username,
    Attributes: attributes,
    UserCreateDate: asDate(user.UserCreateDate),
    UserLastModifiedDate: asDate(user.UserLastModifiedDate),
    Enabled: user.Enabled,
    UserStatus: user.UserStatus,
    ...(user.MFAOptions ? { MFAOptions: user.MFAOptions } : {}),
  };
}

export { asDate };
