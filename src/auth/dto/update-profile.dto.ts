import { ApiProperty } from '@nestjs/swagger';
import { IsAttributeMap } from './credential-rules';

export class UpdateProfileDto {
  /**
   * Attributes to set; others are left as they are. Only attributes users may write
   * (USER_WRITABLE_ATTRIBUTES: by default the standard profile attributes, never `*_verified`,
   * `cognito:*` or `custom:*`); any other is 400 VALIDATION_FAILED naming it.
   */
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { given_name: 'Alice', family_name: 'Liddell' },
  })
  @IsAttributeMap()
  attributes!: Record<string, string>;
}
