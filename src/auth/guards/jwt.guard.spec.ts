import { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '../../common/domain-error';
import { ErrorCode } from '../../common/error-code';
import { MetricsService } from '../../metrics/metrics.service';
import { REQUIRES_ID_TOKEN } from '../decorators/id-token.decorator';
import { MemoryRevocationStore } from '../../revocation/memory-revocation.store';
import { RevocationStore } from '../../revocation/revocation.store';
import { TokenVerifier } from '../token-verifier';
import { AuthenticatedRequest, JwtGuard } from './jwt.guard';

/** Recent: a sign-out whose tokens have all expired is not recorded. */
const ISSUED_AT = Math.floor(Date.now() / 1000);
const ACCESS = { sub: 'sub-a', username: 'alice', iat: ISSUED_AT, exp: 99_999_999_999, origin_jti: 'o-1' };
const ID = { sub: 'sub-a', iat: ISSUED_AT, exp: 99_999_999_999 };

function context(headers: Record<string, string>, needsIdToken = false) {
  const handler = () => undefined;
  if (needsIdToken) Reflect.defineMetadata(REQUIRES_ID_TOKEN, true, handler);
  const raw = { rawHeaders: Object.entries(headers).flat() };
  const request = { headers, raw } as unknown as AuthenticatedRequest;
  const ctx = {
    getHandler: () => handler,
    getClass: () => class Controller {},
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
  return { ctx, request };
}

describe('JwtGuard', () => {
  let cached: typeof ACCESS | undefined;
  const verifier = {
    cachedAccessToken: () => cached,
    verifyAccessToken: jest.fn(() => Promise.resolve({ ...ACCESS })),
    verifyIdToken: jest.fn((token: string) =>
      Promise.resolve({ ...ID, sub: token === 'id-of-bob' ? 'sub-b' : 'sub-a' }),
    ),
  } as unknown as TokenVerifier;
  let store: MemoryRevocationStore;
  let guard: JwtGuard;

  beforeEach(() => {
    cached = undefined;
    store = new MemoryRevocationStore();
    guard = new JwtGuard(new Reflector(), verifier, store, new MetricsService());
  });

  // The guard answers synchronously when it can: both kinds of answer end up as a promise here.
  const activate = (ctx: ExecutionContext) => Promise.resolve().then(() => guard.canActivate(ctx));
  const codeOf = async (ctx: ExecutionContext) =>
    ((await activate(ctx).catch((e: unknown) => e)) as DomainError).code;

  it('accepts a valid token and attaches the claims', async () => {
    const { ctx, request } = context({ authorization: 'Bearer access' });
    await expect(activate(ctx)).resolves.toBe(true);
    expect(request.user.sub).toBe('sub-a');
    expect(request.idToken).toBeUndefined();
  });

  it('refuses tokens issued at or before a sign-out, and tokens of a revoked session', async () => {
    await store.revokeUser('sub-a', ACCESS.iat);
    expect(await codeOf(context({ authorization: 'Bearer access' }).ctx)).toBe('TOKEN_REVOKED');
    store = new MemoryRevocationStore();
    guard = new JwtGuard(new Reflector(), verifier, store, new MetricsService());
    await store.revokeSession('o-1');
    expect(await codeOf(context({ authorization: 'Bearer access' }).ctx)).toBe('TOKEN_REVOKED');
  });

  it.each([
    [{}, 'TOKEN_MISSING'],
    [{ 'x-id-token': '  ' }, 'TOKEN_MISSING'],
    [{ 'x-id-token': 'id-of-bob' }, 'TOKEN_INVALID'],
  ])('on @RequiresIdToken() routes, X-Id-Token %j is 401 %s', async (extra, code) => {
    const { ctx } = context({ authorization: 'Bearer access', ...extra }, true);
    expect(await codeOf(ctx)).toBe(code);
  });

  it('on @RequiresIdToken() routes, attaches the verified id token of the same user', async () => {
    const { ctx, request } = context({ authorization: 'Bearer access', 'x-id-token': 'id-of-alice' }, true);
    await expect(activate(ctx)).resolves.toBe(true);
    expect(request.idToken).toBe('id-of-alice');
  });

  it('a token it already verified is admitted without awaiting anything, and revocation still applies', async () => {
    cached = { ...ACCESS, sub: 'sub-c' };
    const { ctx, request } = context({ authorization: 'Bearer access' });
    expect(guard.canActivate(ctx)).toBe(true);
    expect(request.user.sub).toBe('sub-c');
    await store.revokeUser('sub-c', ACCESS.iat);
    expect(() => guard.canActivate(ctx)).toThrow(DomainError);
    expect(await codeOf(ctx)).toBe('TOKEN_REVOKED');
  });

  it('a malformed Authorization header is refused even before the cache is asked', async () => {
    cached = { ...ACCESS };
    expect(await codeOf(context({ authorization: 'Basic abc' }).ctx)).toBe('TOKEN_MISSING');
  });

  it('with a store that answers asynchronously (Redis), a cached token waits for it, and its failure is the answer', async () => {
    cached = { ...ACCESS };
    const remote = new (class extends RevocationStore {
      down = false;
      revokeUser = () => Promise.resolve();
      revokeSession = () => Promise.resolve();
      isRevoked(): Promise<boolean> {
        const unavailable = new DomainError(ErrorCode.UPSTREAM_UNAVAILABLE, 'down');
        return this.down ? Promise.reject(unavailable) : Promise.resolve(false);
      }
    })();
    guard = new JwtGuard(new Reflector(), verifier, remote, new MetricsService());
    await expect(activate(context({ authorization: 'Bearer access' }).ctx)).resolves.toBe(true);
    remote.down = true;
    expect(await codeOf(context({ authorization: 'Bearer access' }).ctx)).toBe('UPSTREAM_UNAVAILABLE');
  });
});
