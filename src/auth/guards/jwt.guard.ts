import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../../common/api-error';
import { ErrorCode } from '../../common/error-code';
import { AccessTokenClaims } from '../access-token-claims';
import { IS_PUBLIC } from '../decorators/public.decorator';
import { TokenVerifier } from '../token-verifier';

export type AuthenticatedRequest = FastifyRequest & { user: AccessTokenClaims; accessToken: string };

/** Global guard: every route needs a valid Cognito access token unless it is marked @Public(). */
@Injectable()
export class JwtGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = bearerToken(request.headers.authorization);
    request.user = await this.verifier.verifyAccessToken(token);
    request.accessToken = token;
    return true;
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
