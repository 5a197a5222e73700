import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** A group of the pool. */
export class GroupResponseDto {
  @ApiProperty({ example: 'editors' })
  name!: string;

  @ApiPropertyOptional({ example: 'People who may publish articles' })
  description?: string;

  @ApiPropertyOptional({
    example: 10,
    description: 'Lower wins when a user is in several groups with IAM roles.',
  })
  precedence?: number;

  @ApiPropertyOptional({ example: '2026-11-24T21:00:00.000Z', format: 'date-time' })
  createdAt?: string;

  @ApiPropertyOptional({ example: '2026-11-24T21:30:00.000Z', format: 'date-time' })
  updatedAt?: string;
}
