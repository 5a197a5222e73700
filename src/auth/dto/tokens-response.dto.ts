import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class TokensResponseDto {
  @ApiProperty({ example: 'eyJraWQiOiJ…' })
  idToken!: string;

  /** Send as `Authorization: Bearer <accessToken>`. */
  @ApiProperty({ example: 'eyJraWQiOiJ…' })
  accessToken!: string;

  /** Always present after a sign-in; after a refresh only when Cognito rotated it (keep the old one otherwise). */
  @ApiPropertyOptional({ example: 'eyJjdHkiOiJKV1Qi…' })
  refreshToken?: string;

  /** Lifetime of the access token, in seconds. */
  @ApiProperty({ example: 3600 })
  expiresIn!: number;

  @ApiProperty({ enum: ['Bearer'], example: 'Bearer' })
  tokenType!: 'Bearer';
}
