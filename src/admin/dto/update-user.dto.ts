import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmptyObject } from 'class-validator';
import { IsAttributeMap } from './attribute-map.validator';

/** `PATCH /admin/users/{username}`: sets the given attributes, leaves the others as they are. */
export class UpdateUserDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    minProperties: 1,
    example: { name: 'Alice Liddell' },
    description: 'Attributes of the pool, values as text; an attribute the pool does not have is a 400.',
  })
  @IsNotEmptyObject()
  @IsAttributeMap()
  attributes!: Record<string, string>;
}
