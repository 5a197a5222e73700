export const REDACTED = '[redacted]';

/** Keys whose values are never logged, whatever their case or separators (`refresh_token`, `X-Id-Token`). */
const SECRET_KEY =
  /password|token|secret|session|authorization|cookie|^(code|confirmationcode|usercode|credential)$/;
const MAX_DEPTH = 8;

function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key.toLowerCase().replace(/[-_]/g, ''));
}

function isPlain(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/**
 * A copy of a log object with every secret-named field replaced, at any depth. Only plain objects and
 * arrays are walked: errors, requests and the like go through pino's serializers, which log no secrets.
 * (pino's path-based `redact` cannot say "anywhere", and a path per key and depth is slow on every line.)
 */
export function redactSecrets<T>(value: T, depth = 0): T {
  if (depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) return value.map((item: unknown) => redactSecrets(item, depth + 1)) as T;
  if (!isPlain(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] = isSecretKey(key) ? REDACTED : redactSecrets(item, depth + 1);
  }
  return copy as T;
}
