import { ApiProperty } from '@nestjs/swagger';
import { IsAttributeMap } from './credential-rules';

export class UpdateProfileDto {
  /** Attributes to set; others are left as they are. */
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { given_name: 'Alice', family_name: 'Liddell' },
  })
  @IsAttributeMap()
  attributes!: Record<string, string>;
}
