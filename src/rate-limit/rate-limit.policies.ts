import type { ExecutionContext } from '@nestjs/common';
import type { ThrottlerOptions } from '@nestjs/throttler';
import { createHash } from 'node:crypto';
import type { RateLimitRules } from '../config/app-config';

/** A limited route's kind; each has its own budget per target (RateLimitRules, one per policy). */
export type RateLimitPolicy = Exclude<keyof RateLimitRules, 'perIp'>;

export const RATE_LIMIT_POLICIES: readonly RateLimitPolicy[] = [
  'signIn',
  'challenge',
  'forgotPassword',
  'confirmForgotPassword',
  'refresh',
  'changePassword',
  'passwordlessSignIn',
  'otpChallenge',
  'passkeySignIn',
  'passkeyChallenge',
];

/** The throttler every limited route shares: one budget per client IP. */
export const PER_IP_THROTTLER = 'perIp';

/**
 * What a policy counts attempts against, read from the raw body (guards run before validation, so it
 * may be anything): the refresh token's hash for refresh, the signed-in caller for change-password (the
 * JWT guard runs first), the normalised username otherwise. Undefined when there is none; the request
 * then fails its validation or authentication, and the IP budget still counts it.
 */
export function rateLimitSubject(
  policy: RateLimitPolicy,
  body: unknown,
  caller?: unknown,
): string | undefined {
  if (policy === 'changePassword') return ownString(caller, 'sub');
  if (policy === 'refresh') {
    const token = ownString(body, 'refreshToken');
    return token === undefined ? undefined : sha256(token);
  }
  const username = ownString(body, 'username');
  return username === undefined ? undefined : normaliseUsername(username);
}

/** Cognito usernames are case-insensitive by default; NFKC also puts look-alike spellings in one budget. */
export function normaliseUsername(username: string): string {
  return username.normalize('NFKC').toLowerCase();
}

/**
 * The throttlers of ThrottlerModule: the per-IP one, then one per policy that only counts on its own
 * routes. Keys are hashes, so neither usernames nor tokens sit in the storage.
 */
export function rateLimitThrottlers(
  rules: RateLimitRules,
  policyOf: (context: ExecutionContext) => RateLimitPolicy | undefined,
): ThrottlerOptions[] {
  const perIp: ThrottlerOptions = {
    name: PER_IP_THROTTLER,
    limit: rules.perIp.limit,
    ttl: rules.perIp.windowSeconds * 1000,
    // The tracker is ThrottlerGuard's own: the client IP (an IPv6 client by its /64).
    generateKey: (_context, ip) => sha256(`${PER_IP_THROTTLER}:${ip}`),
  };
  const perSubject = RATE_LIMIT_POLICIES.map((policy): ThrottlerOptions => ({
    name: policy,
    limit: rules[policy].limit,
    ttl: rules[policy].windowSeconds * 1000,
    skipIf: (context) => {
      const request = requestOf(context);
      return (
        policyOf(context) !== policy || rateLimitSubject(policy, request.body, request.user) === undefined
      );
    },
    getTracker: (request) => rateLimitSubject(policy, request.body, request.user) ?? '',
    generateKey: (_context, subject) => sha256(`${policy}:${subject}`),
  }));
  return [perIp, ...perSubject];
}

function requestOf(context: ExecutionContext): { body?: unknown; user?: unknown } {
  return context.switchToHttp().getRequest<{ body?: unknown; user?: unknown }>();
}

function ownString(body: unknown, key: string): string | undefined {
  if (typeof body !== 'object' || body === null || !Object.hasOwn(body, key)) return undefined;
  const value = (body as Record<string, unknown>)[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}
