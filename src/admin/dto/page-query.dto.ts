import { Type } from 'class-transformer';
import { IsInt, IsNotEmpty, IsString, Max, MaxLength, Min } from 'class-validator';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { MAX_PAGE_SIZE } from '../../cognito/cognito-admin-api';
import { Omittable } from '../../common/omittable.decorator';

/** `?limit&paginationToken` for the paged lists. */
export class PageQueryDto {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MAX_PAGE_SIZE,
    example: 20,
    description: 'Page size (1–60).',
  })
  @Omittable()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ description: 'The `paginationToken` of the previous page, as received.' })
  @Omittable()
  @IsString()
  @IsNotEmpty()
  @MaxLength(4096)
  paginationToken?: string;
}
