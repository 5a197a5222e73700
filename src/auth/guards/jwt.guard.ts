import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../../common/api-error';
import { ErrorCode } from '../../common/error-code';
import { MetricsService } from '../../health/metrics.service';
import { AccessTokenClaims } from '../access-token-claims';
import { ID_TOKEN_HEADER, REQUIRES_ID_TOKEN } from '../decorators/id-token.decorator';
import { IS_PUBLIC } from '../decorators/public.decorator';
import { RevocationStore } from '../revocation/revocation.store';
import { TokenVerifier } from '../token-verifier';

export type AuthenticatedRequest = FastifyRequest & {
  user: AccessTokenClaims;
  accessToken: string;
  /** Set on @RequiresIdToken() routes, once verified. */
  idToken?: string;
};

/**
 * Global guard: every route needs a valid Cognito access token unless it is marked @Public().
 * Valid means signed by the pool for this app client, unexpired, and not revoked by a sign-out or a
 * refresh-token revocation that this gateway saw (Cognito's tokens cannot be recalled otherwise).
 */
@Injectable()
export class JwtGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
    private readonly revocations: RevocationStore,
    private readonly metrics: MetricsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    try {
      return await this.authenticate(context);
    } catch (error) {
      if (error instanceof ApiError && error.statusCode === 401)
        this.metrics.observeTokenRejection(error.code);
      throw error;
    }
  }

  private async authenticate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = bearerToken(request.headers.authorization);
    const claims = await this.verifier.verifyAccessToken(token);
    if (await this.revocations.isRevoked(claims)) {
      throw new ApiError(401, ErrorCode.TOKEN_REVOKED, 'The access token has been revoked');
    }
    request.user = claims;
    request.accessToken = token;
    if (this.reflector.getAllAndOverride<boolean>(REQUIRES_ID_TOKEN, targets)) {
      request.idToken = await this.verifiedIdToken(request.headers[ID_TOKEN_HEADER], claims);
    }
    return true;
  }

  private async verifiedIdToken(header: string | string[] | undefined, access: AccessTokenClaims) {
    if (typeof header !== 'string' || header.trim() === '') {
      throw new ApiError(
        401,
        ErrorCode.TOKEN_MISSING,
        'X-Id-Token: <idToken> is required for this operation',
      );
    }
    const idToken = header.trim();
    const claims = await this.verifier.verifyIdToken(idToken);
    if (claims.sub !== access.sub) {
      throw new ApiError(
        401,
        ErrorCode.TOKEN_INVALID,
        'The id token does not belong to the access token’s user',
      );
    }
    return idToken;
  }
}

export function bearerToken(header: string | undefined): string {
  const match = /^Bearer +([A-Za-z0-9_\-.=+/]+)\s*$/i.exec(header ?? '');
  if (!header)
    throw new ApiError(401, ErrorCode.TOKEN_MISSING, 'Authorization: Bearer <accessToken> is required');
  if (!match)
    throw new ApiError(401, ErrorCode.TOKEN_MISSING, 'The Authorization header must use the Bearer scheme');
  return match[1];
}
