import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';

import { DomainError } from '../../common/domain-error';
import { ErrorCode, httpStatusOf } from '../../common/error-code';
import { MetricsService } from '../../metrics/metrics.service';
import { AccessTokenClaims } from '../access-token-claims';
import { ID_TOKEN_HEADER, REQUIRES_ID_TOKEN } from '../decorators/id-token.decorator';
import { IS_PUBLIC } from '../decorators/public.decorator';
import { RevocationStore } from '../../revocation/revocation.store';
import { TokenVerifier } from '../token-verifier';

export type AuthenticatedRequest = FastifyRequest & {
  user: AccessTokenClaims;
  accessToken: string;
  /** Set on @RequiresIdToken() routes, once verified. */
  idToken?: string;
};

/** What the guard needs to know of a route, read once per handler instead of on every request. */
interface RouteAuth {
  isPublic: boolean;
  requiresIdToken: boolean;
}

/**
 * Global guard: every route needs a valid Cognito access token unless it is marked @Public().
 * Valid means signed by the pool for this app client, unexpired, and not revoked by a sign-out or a
 * refresh-token revocation that this gateway saw (Cognito's tokens cannot be recalled otherwise).
 */
@Injectable()
export class JwtGuard implements CanActivate {
  private readonly routes = new WeakMap<object, RouteAuth>();

  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
    private readonly revocations: RevocationStore,
    private readonly metrics: MetricsService,
  ) {}

  /**
   * Synchronous when it can be: a token already verified, checked against in-memory revocations, is
   * the hot path of every guarded request and needs no await (each one costs a promise under the
   * request-scoped logging context).
   */
  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    try {
      const route = this.routeOf(context);
      if (route.isPublic) return true;
      const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
      refuseRepeatedAuthorization(request.raw.rawHeaders);
      const header = request.headers.authorization;
      // A token already verified needs no syntax check: the cache only holds tokens that passed one.
      const quick = !route.requiresIdToken && header?.startsWith(BEARER) ? header.slice(BEARER.length) : '';
      const cached = quick ? this.verifier.cachedAccessToken(quick) : undefined;
      const token = cached ? quick : bearerToken(header);
      if (cached) {
        const revoked = this.revocations.isRevoked(cached);
        if (typeof revoked === 'boolean') return this.admit(request, token, cached, revoked);
        return revoked
          .then((isRevoked) => this.admit(request, token, cached, isRevoked))
          .catch((error: unknown) => this.refuse(error));
      }
      return this.authenticate(request, token, route).catch((error: unknown) => this.refuse(error));
    } catch (error) {
      return this.refuse(error);
    }
  }

  private async authenticate(
    request: AuthenticatedRequest,
    token: string,
    route: RouteAuth,
  ): Promise<boolean> {
    const claims = await this.verifier.verifyAccessToken(token);
    this.admit(request, token, claims, await this.revocations.isRevoked(claims));
    if (route.requiresIdToken) {
      request.idToken = await this.verifiedIdToken(request.headers[ID_TOKEN_HEADER], claims);
    }
    return true;
  }

  private admit(
    request: AuthenticatedRequest,
    token: string,
    claims: AccessTokenClaims,
    revoked: boolean,
  ): true {
    if (revoked) throw new DomainError(ErrorCode.TOKEN_REVOKED, 'The access token has been revoked');
    request.user = claims;
    request.accessToken = token;
    return true;
  }

  private refuse(error: unknown): never {
    if (error instanceof DomainError && httpStatusOf(error.code) === 401)
      this.metrics.observeTokenRejection(error.code);
    throw error;
  }

  private routeOf(context: ExecutionContext): RouteAuth {
    const handler = context.getHandler();
    let route = this.routes.get(handler);
    if (!route) {
      const targets = [handler, context.getClass()];
      route = {
        isPublic: this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets) === true,
        requiresIdToken: this.reflector.getAllAndOverride<boolean>(REQUIRES_ID_TOKEN, targets) === true,
      };
      this.routes.set(handler, route);
    }
    return route;
  }

  private async verifiedIdToken(header: string | string[] | undefined, access: AccessTokenClaims) {
    if (typeof header !== 'string' || header.trim() === '') {
      throw new DomainError(ErrorCode.TOKEN_MISSING, 'X-Id-Token: <idToken> is required for this operation');
    }
    const idToken = header.trim();
    const claims = await this.verifier.verifyIdToken(idToken);
    if (claims.sub !== access.sub) {
      throw new DomainError(
        ErrorCode.TOKEN_INVALID,
        'The id token does not belong to the access token’s user',
      );
    }
    // A signed-out id token must not ride along with a fresh access token of the same user.
    if (await this.revocations.isRevoked(claims)) {
      throw new DomainError(ErrorCode.TOKEN_REVOKED, 'The id token has been revoked');
    }
    return idToken;
  }
}

const BEARER = 'Bearer ';

/** Node keeps only the first of repeated Authorization headers; which one a proxy meant is unknowable. */
function refuseRepeatedAuthorization(rawHeaders: string[]): void {
  let seen = 0;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (rawHeaders[i].length === 13 && rawHeaders[i].toLowerCase() === 'authorization') seen += 1;
  }
  if (seen > 1) {
    const message = 'Send one Authorization header, not several';
    throw new DomainError(ErrorCode.VALIDATION_FAILED, message, [{ field: 'Authorization', message }]);
  }
}

export function bearerToken(header: string | undefined): string {
  const match = /^Bearer +([A-Za-z0-9_\-.=+/]+)\s*$/i.exec(header ?? '');
  if (!header)
    throw new DomainError(ErrorCode.TOKEN_MISSING, 'Authorization: Bearer <accessToken> is required');
  if (!match)
    throw new DomainError(ErrorCode.TOKEN_MISSING, 'The Authorization header must use the Bearer scheme');
  return match[1];
}
