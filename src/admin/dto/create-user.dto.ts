import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsString,
  Length,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { POOL_PASSWORD_POLICY } from '../../common/validation.pipe';
import { IsAttributeMap } from './attribute-map.validator';
import { COGNITO_NAME, COGNITO_NAME_MESSAGE, MAX_NAME_LENGTH } from './cognito-names';
import { Omittable } from '../../common/omittable.decorator';

/** `POST /admin/users`: registers a user (the app never signs users up itself). */
export class CreateUserDto {
  @ApiProperty({ example: 'alice', maxLength: MAX_NAME_LENGTH })
  @IsString()
  @Length(1, MAX_NAME_LENGTH)
  @Matches(COGNITO_NAME, { message: COGNITO_NAME_MESSAGE })
  username!: string;

  @ApiProperty({ example: 'alice@example.com', format: 'email' })
  @IsEmail()
  @MaxLength(256)
  email!: string;

  @ApiPropertyOptional({
    example: 'Temp#Passw0rd1',
    format: 'password',
    description:
      'When left out, one that satisfies the pool’s password policy is generated (unless `passwordless`).',
  })
  @Omittable()
  @IsString()
  @MinLength(6, { context: POOL_PASSWORD_POLICY })
  @MaxLength(256)
  temporaryPassword?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { name: 'Alice', email_verified: 'true' },
    description:
      'Further attributes of the pool, values as text. `email_verified: "true"` marks the email verified; ' +
      '`email` goes in its own field.',
  })
  @Omittable()
  @IsAttributeMap()
  attributes?: Record<string, string>;

  @ApiPropertyOptional({
    type: [String],
    // Empty: a fresh pool has only the admin group, and a newcomer's first user should not join it.
    example: [],
    description:
      'Groups to add the user to, e.g. `["editors"]`; if one cannot be added, the user is not created.',
  })
  @Omittable()
  @IsArray()
  @ArrayMaxSize(25)
  @ArrayUnique()
  @Length(1, MAX_NAME_LENGTH, { each: true })
  @Matches(COGNITO_NAME, { each: true, message: COGNITO_NAME_MESSAGE })
  groups?: string[];

  @ApiPropertyOptional({
    default: true,
    example: false,
    description: 'Email the user their temporary password; false creates the user silently.',
  })
  @Omittable()
  @IsBoolean()
  sendInvitation?: boolean;

  @ApiPropertyOptional({
    // No `default` here: generated clients would then make the field required. Without an example, Swagger
    // UI would fill in `true`, which its own temporaryPassword example contradicts.
    example: false,
    description:
      'v2 (default false): a user with no password at all, who signs in with a code sent to their email ' +
      '(`POST /auth/sign-in/passwordless`). The email counts as verified unless `attributes` say ' +
      '`email_verified: "false"`. Takes no `temporaryPassword`; needs a pool that allows EMAIL_OTP or ' +
      'SMS_OTP sign-in (else 400 METHOD_NOT_AVAILABLE).',
  })
  @Omittable()
  @IsBoolean()
  passwordless?: boolean;
}
