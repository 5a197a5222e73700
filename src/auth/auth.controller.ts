import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessTokenClaims, groupsOf } from './access-token-claims';
import { CurrentUser } from './decorators/current-user.decorator';
import { SessionResponseDto } from './dto/session-response.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  @Get('session')
  @ApiOperation({
    operationId: 'getSession',
    summary: 'The caller’s session, from the verified access token alone',
  })
  @ApiOkResponse({ type: SessionResponseDto })
  getSession(@CurrentUser() claims: AccessTokenClaims): SessionResponseDto {
    return {
      username: claims.username,
      sub: claims.sub,
      groups: groupsOf(claims),
      clientId: claims.client_id,
      scope: claims.scope ?? '',
      issuedAt: new Date(claims.iat * 1000).toISOString(),
      expiresAt: new Date(claims.exp * 1000).toISOString(),
    };
  }
}
