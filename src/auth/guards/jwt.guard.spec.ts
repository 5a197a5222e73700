import { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiError } from '../../common/api-error';
import { MetricsService } from '../../health/metrics.service';
import { REQUIRES_ID_TOKEN } from '../decorators/id-token.decorator';
import { MemoryRevocationStore } from '../revocation/memory-revocation.store';
import { TokenVerifier } from '../token-verifier';
import { AuthenticatedRequest, JwtGuard } from './jwt.guard';

const ACCESS = { sub: 'sub-a', username: 'alice', iat: 1000, exp: 99_999_999_999, origin_jti: 'o-1' };
const ID = { sub: 'sub-a', iat: 1000, exp: 99_999_999_999 };

function context(headers: Record<string, string>, needsIdToken = false) {
  const handler = () => undefined;
  if (needsIdToken) Reflect.defineMetadata(REQUIRES_ID_TOKEN, true, handler);
  const request = { headers } as unknown as AuthenticatedRequest;
  const ctx = {
    getHandler: () => handler,
    getClass: () => class Controller {},
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
  return { ctx, request };
}

describe('JwtGuard', () => {
  const verifier = {
    verifyAccessToken: jest.fn(() => Promise.resolve({ ...ACCESS })),
    verifyIdToken: jest.fn((token: string) =>
      Promise.resolve({ ...ID, sub: token === 'id-of-bob' ? 'sub-b' : 'sub-a' }),
    ),
  } as unknown as TokenVerifier;
  let store: MemoryRevocationStore;
  let guard: JwtGuard;

  beforeEach(() => {
    store = new MemoryRevocationStore();
    guard = new JwtGuard(new Reflector(), verifier, store, new MetricsService());
  });

  const codeOf = async (promise: Promise<unknown>) =>
    ((await promise.catch((e: unknown) => e)) as ApiError).code;

  it('accepts a valid token and attaches the claims', async () => {
    const { ctx, request } = context({ authorization: 'Bearer access' });
    await expect(guard.canActivate(ctx)).resolves.toBe(true);
    expect(request.user.sub).toBe('sub-a');
    expect(request.idToken).toBeUndefined();
  });

  it('refuses tokens issued at or before a sign-out, and tokens of a revoked session', async () => {
    await store.revokeUser('sub-a', 1000);
    expect(await codeOf(guard.canActivate(context({ authorization: 'Bearer access' }).ctx))).toBe(
      'TOKEN_REVOKED',
    );
    store = new MemoryRevocationStore();
    guard = new JwtGuard(new Reflector(), verifier, store, new MetricsService());
    await store.revokeSession('o-1');
    expect(await codeOf(guard.canActivate(context({ authorization: 'Bearer access' }).ctx))).toBe(
      'TOKEN_REVOKED',
    );
  });

  it.each([
    [{}, 'TOKEN_MISSING'],
    [{ 'x-id-token': '  ' }, 'TOKEN_MISSING'],
    [{ 'x-id-token': 'id-of-bob' }, 'TOKEN_INVALID'],
  ])('on @RequiresIdToken() routes, X-Id-Token %j is 401 %s', async (extra, code) => {
    const { ctx } = context({ authorization: 'Bearer access', ...extra }, true);
    expect(await codeOf(guard.canActivate(ctx))).toBe(code);
  });

  it('on @RequiresIdToken() routes, attaches the verified id token of the same user', async () => {
    const { ctx, request } = context({ authorization: 'Bearer access', 'x-id-token': 'id-of-alice' }, true);
    await expect(guard.canActivate(ctx)).resolves.toBe(true);
    expect(request.idToken).toBe('id-of-alice');
  });
});
