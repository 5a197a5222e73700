import type { ListUsersRequest } from '@aws-sdk/client-cognito-identity-provider';
import type { User } from 'cognito-local/lib/services/userPoolService';
import type { CognitoErrors } from '../errors';
import { handler, type Fidelity, type Handler } from '../fidelity';
import { attributeValue } from '../token-service';
import { paginate, userSummary } from './paging';

const ATTRIBUTE_FILTERS = [
  'email',
  'phone_number',
  'name',
  'given_name',
  'family_name',
  'preferred_username',
  'sub',
] as const;

/** Parses Cognito's ListUsers filter: `attr = "value"` (exact) or `attr ^= "value"` (prefix). */
export function parseUserFilter(filter: string | undefined, errors: CognitoErrors): (user: User) => boolean {
  if (!filter?.trim()) return () => true;
  const match = /^\s*([\w:]+)\s*(\^=|=)\s*"((?:[^"\\]|\\.)*)"\s*$/.exec(filter);
  if (!match) throw errors.invalidParameter('Error while parsing filter.');
  const [, attribute, operator, raw] = match;
  const wanted = raw.replace(/\\(.)/g, '$1');
  let read: (user: User) => string | undefined;
  let caseInsensitive = false;
  if (attribute === 'username') read = (u) => u.Username;
  else if (attribute === 'cognito:user_status') {
    read = (u) => u.UserStatus;
    caseInsensitive = true;
  } else if (attribute === 'status') read = (u) => (u.Enabled ? 'Enabled' : 'Disabled');
  else if ((ATTRIBUTE_FILTERS as readonly string[]).includes(attribute))
    read = (u) => attributeValue(u, attribute);
  else throw errors.invalidParameter(`Invalid search attribute: ${attribute}`);
  const norm = (s: string) => (caseInsensitive ? s.toLowerCase() : s);
  return (user) => {
    const value = read(user);
    if (value === undefined) return false;
    return operator === '=' ? norm(value) === norm(wanted) : norm(value).startsWith(norm(wanted));
  };
}

/** ListUsers with Filter, AttributesToGet, Limit (≤ 60) and an opaque PaginationToken. */
export const listUsers = (fx: Fidelity): Handler =>
  handler<ListUsersRequest>(async (ctx, req) => {
    const pool = await fx.services.cognito.getUserPool(ctx, req.UserPoolId ?? '');
    const matches = parseUserFilter(req.Filter, fx.errors);
    const users = (await pool.listUsers(ctx)).filter(matches);
    const { page, next } = paginate(users, (u) => u.Username, req.Limit, req.PaginationToken, fx.errors);
    return {
      Users: page.map((u) => userSummary(u, req.AttributesToGet)),
      ...(next ? { PaginationToken: next } : {}),
    };
  });
