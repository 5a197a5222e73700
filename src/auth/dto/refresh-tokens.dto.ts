import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsTokenString, IsUsername } from './credential-rules';

export class RefreshTokensDto {
  @ApiProperty({
    example: 'eyJjdHkiOiJKV1QiLCJlbmMiOiJBMjU2R0NNIiwiYWxnIjoiUlNBLU9BRVAifQ…',
    maxLength: 8192,
  })
  @IsTokenString()
  refreshToken!: string;

  /** The user the refresh token belongs to (optional; Cognito identifies the user from the token). */
  @ApiPropertyOptional({ example: 'alice', minLength: 1, maxLength: 128 })
  @IsOptional()
  @IsUsername()
  username?: string;
}
