import { Controller, ExecutionContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Reflector } from '@nestjs/core';
import {
  getOptionsToken,
  getStorageToken,
  ThrottlerModuleOptions,
  ThrottlerStorage,
} from '@nestjs/throttler';
import { DomainError } from '../common/domain-error';
import { AppConfig } from '../config/app-config';
import { AppConfigModule } from '../config/config.module';
import { MemoryThrottlerStorage } from './memory-throttler.storage';
import { RateLimit } from './rate-limit.decorator';
import { RateLimitGuard } from './rate-limit.guard';
import { RateLimitModule } from './rate-limit.module';
import { RATE_LIMIT_STORAGE } from './rate-limit.storage';

@Controller()
class RoutesUnderTest {
  @RateLimit('signIn')
  signIn(): void {}

  getSession(): void {}
}

function context(handler: keyof RoutesUnderTest, body: unknown): ExecutionContext {
  const request = { ip: '203.0.113.9', headers: {}, body };
  return {
    getHandler: () => RoutesUnderTest.prototype[handler],
    getClass: () => RoutesUnderTest,
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => ({ header: jest.fn() }) }),
  } as unknown as ExecutionContext;
}

async function guardWith(env: Record<string, string>, storage?: ThrottlerStorage) {
  let builder = Test.createTestingModule({
    imports: [AppConfigModule.forRoot({ overrides: env, ignoreEnvFile: true }), RateLimitModule],
  });
  if (storage) builder = builder.overrideProvider(RATE_LIMIT_STORAGE).useValue(storage);
  const moduleRef = await builder.compile();
  // What ThrottlerModule was given and what it stores in: the guard sees exactly this.
  const guard = new RateLimitGuard(
    moduleRef.get<ThrottlerModuleOptions>(getOptionsToken(), { strict: false }),
    moduleRef.get<ThrottlerStorage>(getStorageToken(), { strict: false }),
    new Reflector(),
    moduleRef.get(AppConfig),
  );
  await guard.onModuleInit();
  return { guard, storage: moduleRef.get<ThrottlerStorage>(getStorageToken(), { strict: false }) };
}

const record = (isBlocked: boolean) => ({
  totalHits: 1,
  timeToExpire: 60,
  isBlocked,
  timeToBlockExpire: isBlocked ? 42 : 0,
});

describe('RateLimitGuard', () => {
  const env = { RATE_LIMIT_IP: '30/120', RATE_LIMIT_SIGN_IN: '7/45' };

  it('stores hits in the bounded MemoryThrottlerStorage unless RATE_LIMIT_STORAGE is replaced', async () => {
    const { storage } = await guardWith(env);
    expect(storage).toBeInstanceOf(MemoryThrottlerStorage);
  });

  it('counts a limited route once per client IP and once per username, in the injected storage', async () => {
    const increment = jest.fn(() => Promise.resolve(record(false)));
    const { guard } = await guardWith(env, { increment });
    await expect(guard.canActivate(context('signIn', { username: 'Alice', password: 'x' }))).resolves.toBe(
      true,
    );
    expect(increment).toHaveBeenCalledTimes(2);
    expect(increment).toHaveBeenCalledWith(expect.any(String), 120_000, 30, 120_000, 'perIp');
    expect(increment).toHaveBeenCalledWith(expect.any(String), 45_000, 7, 45_000, 'signIn');
    const keys = increment.mock.calls.map((call: unknown[]) => String(call[0]));
    expect(keys.join()).not.toMatch(/alice|203\.0\.113/i);
  });

  it('answers a spent budget with 429 TOO_MANY_REQUESTS and the seconds left as Retry-After', async () => {
    const { guard } = await guardWith(env, { increment: () => Promise.resolve(record(true)) });
    const error = (await guard
      .canActivate(context('signIn', { username: 'alice' }))
      .catch((e: unknown) => e)) as DomainError;
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'TOO_MANY_REQUESTS', retryAfterSeconds: 42 });
  });

  it('leaves routes without @RateLimit() alone, and everything alone with RATE_LIMITS=off', async () => {
    const increment = jest.fn(() => Promise.resolve(record(true)));
    const on = await guardWith(env, { increment });
    await expect(on.guard.canActivate(context('getSession', {}))).resolves.toBe(true);
    const off = await guardWith({ ...env, RATE_LIMITS: 'off' }, { increment });
    await expect(off.guard.canActivate(context('signIn', { username: 'alice' }))).resolves.toBe(true);
    expect(increment).not.toHaveBeenCalled();
  });

  it('still counts the IP when the body names no username (validation refuses it next)', async () => {
    const increment = jest.fn(() => Promise.resolve(record(false)));
    const { guard } = await guardWith(env, { increment });
    await guard.canActivate(context('signIn', ['not', 'an', 'object']));
    expect(increment).toHaveBeenCalledTimes(1);
    expect(increment).toHaveBeenCalledWith(expect.any(String), 120_000, 30, 120_000, 'perIp');
  });
});
