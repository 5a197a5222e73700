import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { AccessTokenClaims } from '../access-token-claims';
import { AuthenticatedRequest } from '../guards/jwt.guard';

/** The verified access-token claims of the caller (set by JwtGuard). */
export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AccessTokenClaims =>
    context.switchToHttp().getRequest<AuthenticatedRequest>().user,
);
