import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsTokenString, IsUsername } from './credential-rules';
import { Omittable } from '../../common/omittable.decorator';

export class RefreshTokensDto {
  @ApiProperty({
    example: 'eyJjdHkiOiJKV1QiLCJlbmMiOiJBMjU2R0NNIiwiYWxnIjoiUlNBLU9BRVAifQ…',
    maxLength: 8192,
  })
  @IsTokenString()
  refreshToken!: string;

  /** Accepted and ignored (API v1 needed it with an app client secret): Cognito knows the user from the token. */
  @ApiPropertyOptional({ example: 'alice', minLength: 1, maxLength: 128, deprecated: true })
  @Omittable()
  @IsUsername()
  username?: string;
}
