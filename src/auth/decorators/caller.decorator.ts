import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { FullSessionUser, SignedInUser } from '../access-token-claims';
import { AuthenticatedRequest } from '../guards/jwt.guard';

/** The caller's verified claims and access token (set by JwtGuard). */
export const Caller = createParamDecorator((_data: unknown, context: ExecutionContext): SignedInUser => {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
  return { claims: request.user, accessToken: request.accessToken };
});

/** As @Caller(), plus the verified id token: only on routes marked @RequiresIdToken(). */
export const CallerWithIdToken = createParamDecorator(
  (_data: unknown, context: ExecutionContext): FullSessionUser => {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (!request.idToken) throw new Error('@CallerWithIdToken() needs @RequiresIdToken() on the route');
    return { claims: request.user, accessToken: request.accessToken, idToken: request.idToken };
  },
);
