import { UserStatus } from './dto/user-response.dto';

export interface UserFilter {
  email?: string;
  username?: string;
  status?: UserStatus;
}

/** Inside Cognito's double-quoted filter value, `\` and `"` are the only characters with a meaning. */
export function escapeFilterValue(value: string): string {
  return value.replace(/[\\"]/g, (char) => `\\${char}`);
}

/**
 * The ListUsers `Filter` for at most one filter (validation has already refused two):
 * `email ^= "…"`, `username ^= "…"` (prefix) or `cognito:user_status = "…"` (exact).
 * The spaces around the operator are required by some Cognito implementations.
 */
export function listUsersFilter(filter: UserFilter): string | undefined {
  if (filter.email !== undefined) return `email ^= "${escapeFilterValue(filter.email)}"`;
  if (filter.username !== undefined) return `username ^= "${escapeFilterValue(filter.username)}"`;
  if (filter.status !== undefined) return `cognito:user_status = "${escapeFilterValue(filter.status)}"`;
  return undefined;
}
