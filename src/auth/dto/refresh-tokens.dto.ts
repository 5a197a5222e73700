import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsTokenString, IsUsername } from './credential-rules';
import { Omittable } from '../../common/omittable.decorator';

export class RefreshTokensDto {
  @ApiProperty({
    example: 'eyJjdHkiOiJKV1QiLCJlbmMiOiJBMjU2R0NNIiwiYWxnIjoiUlNBLU9BRVAifQ.your-refresh-token',
    maxLength: 8192,
  })
  @IsTokenString()
  refreshToken!: string;

  /**
   * The user the refresh token belongs to, as Cognito names them (`username` of GET /auth/session).
   * Needed only when the gateway's app client has a secret; otherwise Cognito knows the user from the token.
   */
  @ApiPropertyOptional({ example: 'alice', minLength: 1, maxLength: 128 })
  @Omittable()
  @IsUsername()
  username?: string;
}
