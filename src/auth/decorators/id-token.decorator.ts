import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiHeader, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ErrorCode } from '../../common/error-code';
import { errorExamples } from '../../common/error-examples';
import { ErrorResponseDto } from '../../common/error-response.dto';

export const REQUIRES_ID_TOKEN = 'requiresIdToken';
/** Fastify lower-cases header names. */
export const ID_TOKEN_HEADER = 'x-id-token';

/**
 * The route needs the caller's full Cognito session: besides the bearer access token, the id token of
 * the same user in `X-Id-Token`. JwtGuard verifies it (an id token of this app client, same `sub`).
 */
export const RequiresIdToken = (): MethodDecorator =>
  applyDecorators(
    SetMetadata(REQUIRES_ID_TOKEN, true),
    ApiHeader({
      name: 'X-Id-Token',
      required: true,
      description: 'The Cognito id token of the same user as the bearer access token (same `sub`)',
    }),
    ApiUnauthorizedResponse({
      description:
        'Not authenticated (TOKEN_MISSING, TOKEN_INVALID — also an id token that is missing, invalid or of another user —, TOKEN_EXPIRED, TOKEN_REVOKED)',
      type: ErrorResponseDto,
      // The id token's own failures as examples; the bearer's are those of every guarded route.
      ...errorExamples([
        { code: ErrorCode.TOKEN_MISSING, message: 'X-Id-Token: <idToken> is required for this operation' },
        { code: ErrorCode.TOKEN_INVALID, message: 'The id token does not belong to the access token’s user' },
        ErrorCode.TOKEN_EXPIRED,
        ErrorCode.TOKEN_REVOKED,
      ]),
    }),
  );
