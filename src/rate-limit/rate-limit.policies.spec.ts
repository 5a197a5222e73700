import { ExecutionContext } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { validateEnv } from '../config/env.validation';
import {
  normaliseUsername,
  PER_IP_THROTTLER,
  RATE_LIMIT_POLICIES,
  RateLimitPolicy,
  rateLimitSubject,
  rateLimitThrottlers,
} from './rate-limit.policies';

const RULES = new AppConfig(validateEnv({})).rateLimitRules;

function context(body: unknown): ExecutionContext {
  return {
    switchToHttp: () => ({ getRequest: () => ({ body }) }),
  } as unknown as ExecutionContext;
}

describe('rateLimitSubject', () => {
  it('counts usernames case-insensitively, look-alike forms together', () => {
    expect(rateLimitSubject('signIn', { username: 'Alice', password: 'x' })).toBe('alice');
    expect(rateLimitSubject('forgotPassword', { username: 'ALICE' })).toBe('alice');
    expect(normaliseUsername('ＡＬＩＣＥ')).toBe('alice');
  });

  it('counts refresh attempts against a hash of the token, never the token itself', () => {
    const subject = rateLimitSubject('refresh', { refreshToken: 'eyJ.secret.token', username: 'alice' });
    expect(subject).toMatch(/^[\w-]{43}$/);
    expect(subject).toBe(rateLimitSubject('refresh', { refreshToken: 'eyJ.secret.token' }));
    expect(subject).not.toBe(rateLimitSubject('refresh', { refreshToken: 'eyJ.other.token' }));
  });

  it.each([
    ['no body', undefined],
    ['null', null],
    ['a string', 'alice'],
    ['an array', ['alice']],
    ['a number as username', { username: 42 }],
    ['an empty username', { username: '' }],
    ['a username only on the prototype', Object.create({ username: 'alice' })],
  ])('finds no username in %s', (_what, body) => {
    expect(rateLimitSubject('signIn', body)).toBeUndefined();
  });
});

describe('rateLimitThrottlers', () => {
  const throttlers = rateLimitThrottlers(RULES, () => 'signIn');
  const byName = (name: string) => throttlers.find((t) => t.name === name)!;

  it('has the per-IP throttler and one per policy, with the configured limits in milliseconds', () => {
    expect(throttlers.map((t) => t.name)).toEqual([PER_IP_THROTTLER, ...RATE_LIMIT_POLICIES]);
    expect(byName(PER_IP_THROTTLER)).toMatchObject({ limit: 60, ttl: 60_000 });
    expect(byName('signIn')).toMatchObject({ limit: 10, ttl: 60_000 });
    expect(byName('forgotPassword')).toMatchObject({ limit: 5, ttl: 900_000 });
  });

  it('counts a policy only on its own routes, and only when the body names a target', () => {
    const signIn = byName('signIn').skipIf!;
    const refresh = byName('refresh').skipIf!;
    expect(signIn(context({ username: 'alice' }))).toBe(false);
    expect(signIn(context({ password: 'x' }))).toBe(true);
    expect(refresh(context({ refreshToken: 'token' }))).toBe(true);
    expect(byName(PER_IP_THROTTLER).skipIf).toBeUndefined();
  });

  it('keys are opaque hashes: per policy and target, and one per IP for every route', () => {
    const key = (name: string, tracker: string) => byName(name).generateKey!(context({}), tracker, name);
    expect(key('signIn', 'alice')).not.toContain('alice');
    expect(key('signIn', 'alice')).not.toBe(key('forgotPassword', 'alice'));
    expect(key('signIn', 'alice')).not.toBe(key('signIn', 'bob'));
    expect(key(PER_IP_THROTTLER, '203.0.113.7')).toMatch(/^[\w-]{43}$/);
  });

  it('each policy has a rule', () => {
    for (const policy of RATE_LIMIT_POLICIES) {
      const rule = RULES[policy satisfies RateLimitPolicy];
      expect(rule.limit).toBeGreaterThan(0);
      expect(rule.windowSeconds).toBeGreaterThan(0);
    }
  });
});
