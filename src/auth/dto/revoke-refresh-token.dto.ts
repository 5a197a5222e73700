import { ApiProperty } from '@nestjs/swagger';
import { IsTokenString } from './credential-rules';

export class RevokeRefreshTokenDto {
  @ApiProperty({
    example: 'eyJjdHkiOiJKV1QiLCJlbmMiOiJBMjU2R0NNIiwiYWxnIjoiUlNBLU9BRVAifQ.your-refresh-token',
    maxLength: 8192,
  })
  @IsTokenString()
  refreshToken!: string;
}
