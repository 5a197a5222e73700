import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsAttributeMap, IsChallengeSession, IsNewPassword, IsUsername } from './credential-rules';
import { Omittable } from '../../common/omittable.decorator';

export class CompleteNewPasswordDto {
  @ApiProperty({ example: 'alice', minLength: 1, maxLength: 128 })
  @IsUsername()
  username!: string;

  /** The `session` of the NEW_PASSWORD_REQUIRED challenge. */
  @ApiProperty({ example: 'NEW_PASSWORD_REQUIRED:AYABeC…' })
  @IsChallengeSession()
  session!: string;

  @ApiProperty({ example: 'N3w#Passw0rd', format: 'password', minLength: 6, maxLength: 256 })
  @IsNewPassword()
  newPassword!: string;

  /**
   * Values for the challenge's `requiredAttributes`, and only those (each also one users may write,
   * USER_WRITABLE_ATTRIBUTES): any other is 400 VALIDATION_FAILED naming it.
   */
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    // Empty: whatever is filled in here must be an attribute this user may set, and most need none.
    example: {},
    description: 'e.g. `{"name": "Alice Liddell"}` when `requiredAttributes` lists `name`',
  })
  @Omittable()
  @IsAttributeMap()
  attributes?: Record<string, string>;
}
