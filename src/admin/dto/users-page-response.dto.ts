import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { UserResponseDto } from './user-response.dto';

/** One page of users; pass `paginationToken` back to get the next one. */
export class UsersPageResponseDto {
  @ApiProperty({ type: [UserResponseDto] })
  users!: UserResponseDto[];

  @ApiPropertyOptional({
    example: 'eyJQYWdpbmF0aW9uVG9rZW4iOiJ…',
    description: 'Opaque; absent on the last page.',
  })
  paginationToken?: string;
}
