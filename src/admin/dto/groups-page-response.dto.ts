import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { GroupResponseDto } from './group-response.dto';

/** One page of groups; pass `paginationToken` back to get the next one. */
export class GroupsPageResponseDto {
  @ApiProperty({ type: [GroupResponseDto] })
  groups!: GroupResponseDto[];

  @ApiPropertyOptional({
    example: 'eyJOZXh0VG9rZW4iOiJ…',
    description: 'Opaque; absent on the last page.',
  })
  paginationToken?: string;
}
