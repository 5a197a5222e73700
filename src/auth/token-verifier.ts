import { Injectable } from '@nestjs/common';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import {
  CognitoJwtInvalidTokenUseError,
  JwtExpiredError,
  JwtBaseError,
  FetchError,
  JwksNotAvailableInCacheError,
  FailedAssertionError,
  JwtInvalidSignatureAlgorithmError,
  JwtNotBeforeError,
} from 'aws-jwt-verify/error';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import type { JwtHeader, JwtPayload } from 'aws-jwt-verify/jwt-model';
import { DomainError } from '../common/domain-error';
import { ErrorCode } from '../common/error-code';
import { plainHttp } from './plain-http';
import { AppConfig } from '../config/app-config';
import { CognitoSettings } from '../cognito/cognito-settings';
import { AccessTokenClaims, IdTokenClaims } from './access-token-claims';
import { VerifiedTokenCache } from './verified-token.cache';

/** A real Cognito token is ~1-2 KB; anything far larger is not one and is not worth parsing. */
const MAX_TOKEN_LENGTH = 16 * 1024;
/** A pool publishes two keys of ~0.5 KB each: a far larger answer is not a JWKS. */
const MAX_JWKS_BYTES = 100 * 1024;
/** Clock difference with Cognito tolerated for `iat` (Cognito's tokens carry no `nbf` to say "not yet"). */
const CLOCK_SKEW_SECONDS = 300;

/**
 * What aws-jwt-verify leaves to the caller, checked once the signature is good: Cognito signs RS256
 * only (the library would take any algorithm a JWK without `alg` allows), and every Cognito token has
 * numeric `exp` (the library skips the expiry check without one) and an `iat` that is not in the future.
 */
function cognitoTokenCheck({ header, payload }: { header: JwtHeader; payload: JwtPayload }): void {
  if (header.alg !== 'RS256') throw new JwtInvalidSignatureAlgorithmError('Not RS256', header.alg, 'RS256');
  if (typeof payload.exp !== 'number') throw new FailedAssertionError('No expiry', payload.exp, 'a number');
  if (typeof payload.iat !== 'number' || payload.iat > Date.now() / 1000 + CLOCK_SKEW_SECONDS) {
    throw new JwtNotBeforeError('Issued in the future', payload.iat, 'a past time');
  }
}

/**
 * The JWKS and token verification: aws-jwt-verify's CognitoJwtVerifier for this pool and app client.
 * Keys come from the endpoint override when there is one (aws-jwt-verify's own fetcher speaks https only).
 */
@Injectable()
export class TokenVerifier {
  private readonly accessVerifier;
  private readonly idVerifier;
  private readonly jwksCache: SimpleJwksCache;
  private readonly accessCache = new VerifiedTokenCache<AccessTokenClaims>();

  constructor(
    private readonly settings: CognitoSettings,
    config: AppConfig,
  ) {
    const jwksUri = settings.jwksUri;
    const timeoutMs = config.cognitoTimeoutMs;
    this.jwksCache = new SimpleJwksCache({
      fetcher: {
        // aws-jwt-verify asks for the issuer's URI; we answer from wherever this pool's keys really are.
        fetch: async () => {
          const response = await plainHttp(jwksUri, { timeoutMs, maxResponseBytes: MAX_JWKS_BYTES }).catch(
            (error: Error) => {
              // The cause keeps the socket's code (ECONNREFUSED…) for the readiness probe's reason.
              throw Object.assign(new FetchError(jwksUri, error.message), { cause: error });
            },
          );
          if (response.status !== 200) throw new FetchError(jwksUri, `HTTP ${response.status}`);
          return new Uint8Array(response.body).buffer;
        },
      },
    });
    const common = {
      userPoolId: settings.userPoolId,
      clientId: settings.clientId,
      customJwtCheck: cognitoTokenCheck,
    };
    this.accessVerifier = CognitoJwtVerifier.create(
      { ...common, tokenUse: 'access' },
      { jwksCache: this.jwksCache },
    );
    this.idVerifier = CognitoJwtVerifier.create({ ...common, tokenUse: 'id' }, { jwksCache: this.jwksCache });
  }

  /**
   * The claims of an access token this instance already verified and that has not expired since.
   * Revocation is not this class's concern: callers check it on every request, cached or not.
   */
  cachedAccessToken(token: string): AccessTokenClaims | undefined {
    return this.accessCache.get(token);
  }

  async verifyAccessToken(token: string): Promise<AccessTokenClaims> {
    const cached = this.cachedAccessToken(token);
    if (cached) return cached;
    const claims = (await this.verify(
      () => this.accessVerifier.verify(token),
      token,
      'access',
    )) as AccessTokenClaims;
    this.accessCache.set(token, claims, claims.exp);
    return claims;
  }

  async verifyIdToken(token: string): Promise<IdTokenClaims> {
    return (await this.verify(() => this.idVerifier.verify(token), token, 'id')) as IdTokenClaims;
  }

  /** Loads the signing keys now (readiness, and so the first request does not pay for the fetch). */
  async loadKeys(): Promise<void> {
    await this.accessVerifier.hydrate();
  }

  private async verify(run: () => Promise<unknown>, token: string, kind: TokenKind): Promise<unknown> {
    if (token.length > MAX_TOKEN_LENGTH) throw invalid(kind);
    try {
      return await run();
    } catch (error) {
      if (error instanceof JwtExpiredError) {
        throw new DomainError(ErrorCode.TOKEN_EXPIRED, `The ${kind} token has expired`);
      }
      if (error instanceof CognitoJwtInvalidTokenUseError) throw wrongKind(kind);
      if (error instanceof FetchError || error instanceof JwksNotAvailableInCacheError) {
        throw new DomainError(
          ErrorCode.UPSTREAM_UNAVAILABLE,
          'Signing keys are unavailable; retry later',
          undefined,
          5,
        );
      }
      if (error instanceof JwtBaseError || error instanceof Error) throw invalid(kind);
      throw error;
    }
  }
}

type TokenKind = 'access' | 'id';

/** The commonest mix-up of a new frontend: the two tokens of a sign-in swapped. */
function wrongKind(expected: TokenKind): DomainError {
  return new DomainError(
    ErrorCode.TOKEN_INVALID,
    expected === 'access'
      ? 'An id token was sent where the access token is needed: send tokens.accessToken as Authorization: Bearer'
      : 'An access token was sent as X-Id-Token: send tokens.idToken there',
  );
}

function invalid(kind: TokenKind): DomainError {
  return new DomainError(ErrorCode.TOKEN_INVALID, `The ${kind} token is invalid`);
}
