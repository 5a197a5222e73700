import { Logger } from '@nestjs/common';
import { DomainError } from '../common/domain-error';
import { ErrorCode } from '../common/error-code';
import { CognitoUserApi } from '../cognito/cognito-user-api';
import { IssuedTokens } from '../cognito/cognito-user-api.types';
import { AccessTokenClaims, FullSessionUser } from './access-token-claims';
import { MemoryRevocationStore } from '../revocation/memory-revocation.store';
import { TokensService } from './tokens.service';

const now = () => Math.floor(Date.now() / 1000);

function jwt(claims: Record<string, unknown>): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256', kid: 'k' })}.${part(claims)}.c2ln`;
}

function claimsOf(sub: string): AccessTokenClaims {
  const iat = now();
  return { sub, iat, exp: iat + 3600, origin_jti: `origin-${sub}` } as AccessTokenClaims;
}

/** Refresh tokens Cognito knows: its fake answers to refresh, and what was revoked at Cognito. */
function stack(options: { refreshed?: IssuedTokens; refuseRevoke?: string[] } = {}) {
  const revokedAtCognito: string[] = [];
  const api = {
    refresh: (token: string) =>
      token === 'revoked'
        ? Promise.reject(new DomainError(ErrorCode.REFRESH_TOKEN_INVALID, 'invalid'))
        : Promise.resolve(options.refreshed),
    revokeRefreshToken: (token: string) => {
      if (options.refuseRevoke?.includes(token))
        return Promise.reject(new DomainError(ErrorCode.REFRESH_TOKEN_INVALID, 'invalid'));
      revokedAtCognito.push(token);
      return Promise.resolve();
    },
    globalSignOut: () => Promise.resolve(),
  } as unknown as CognitoUserApi;
  const revocations = new MemoryRevocationStore();
  jest.spyOn(revocations, 'revokeUserNow').mockImplementation((sub) => revocations.revokeUser(sub, now()));
  return { tokens: new TokensService(api, revocations), revocations, revokedAtCognito };
}

const accessToken = (sub: string) => jwt({ ...claimsOf(sub), token_use: 'access' });

describe('TokensService (CognitoUserApi stubbed)', () => {
  beforeAll(() => Logger.overrideLogger(false));
  afterEach(() => jest.restoreAllMocks());

  describe('refresh', () => {
    it('returns no refresh token unless Cognito rotated it; expiresIn from the token when Cognito omits it', async () => {
      const { tokens } = stack({
        refreshed: { accessToken: accessToken('a'), idToken: 'id', refreshToken: 'old' },
      });
      await expect(tokens.refresh('old')).resolves.toEqual({
        idToken: 'id',
        accessToken: expect.any(String),
        expiresIn: 3600,
        tokenType: 'Bearer',
      });
    });

    it('returns the rotated refresh token', async () => {
      const { tokens } = stack({ refreshed: { accessToken: 'a', idToken: 'i', refreshToken: 'rotated' } });
      await expect(tokens.refresh('old')).resolves.toMatchObject({ refreshToken: 'rotated' });
    });

    it('passes a dead refresh token’s error on', async () => {
      const { tokens } = stack();
      await expect(tokens.refresh('revoked')).rejects.toMatchObject({ code: 'REFRESH_TOKEN_INVALID' });
    });
  });

  describe('revoke', () => {
    it('a JWT refresh token: revoked at Cognito, and its session’s access tokens are refused here', async () => {
      const { tokens, revocations, revokedAtCognito } = stack();
      const refreshToken = jwt({ ...claimsOf('a'), token_use: 'refresh' });
      await tokens.revokeRefreshToken(refreshToken);
      expect(revokedAtCognito).toEqual([refreshToken]);
      expect(revocations.isRevoked(claimsOf('a'))).toBe(true);
    });

    it('an opaque (AWS) refresh token is exchanged once to learn its session; a rotated successor is revoked too', async () => {
      const { tokens, revocations, revokedAtCognito } = stack({
        refreshed: { accessToken: accessToken('b'), idToken: 'i', refreshToken: 'successor' },
      });
      await tokens.revokeRefreshToken('opaque.encrypted.refresh.token');
      expect(revokedAtCognito.sort()).toEqual(['opaque.encrypted.refresh.token', 'successor']);
      expect(revocations.isRevoked(claimsOf('b'))).toBe(true);
    });

    it('an opaque token whose exchange rotated it out at once (grace 0): its successor ends the session', async () => {
      const { tokens, revocations, revokedAtCognito } = stack({
        refreshed: { accessToken: accessToken('c'), idToken: 'i', refreshToken: 'successor' },
        refuseRevoke: ['opaque.encrypted.refresh.token'],
      });
      await tokens.revokeRefreshToken('opaque.encrypted.refresh.token');
      expect(revokedAtCognito).toEqual(['successor']);
      expect(revocations.isRevoked(claimsOf('c'))).toBe(true);
    });

    it('nothing is revoked here when Cognito refuses the token', async () => {
      const refused = jwt({ ...claimsOf('d'), token_use: 'refresh' });
      const { tokens, revocations } = stack({ refuseRevoke: [refused] });
      await expect(tokens.revokeRefreshToken(refused)).rejects.toMatchObject({
        code: 'REFRESH_TOKEN_INVALID',
      });
      expect(revocations.isRevoked(claimsOf('d'))).toBe(false);
    });
  });

  it('sign-out: the user’s earlier access tokens are refused here', async () => {
    const { tokens, revocations } = stack();
    const claims = { ...claimsOf('e'), username: 'erin', iat: now() - 10 } as AccessTokenClaims;
    const caller: FullSessionUser = { claims, accessToken: 'a', idToken: 'i' };
    await tokens.signOut(caller);
    expect(revocations.isRevoked(claims)).toBe(true);
  });
});
