import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsEnum,
  IsNotEmpty,
  IsString,
  MaxLength,
  registerDecorator,
  ValidationArguments,
} from 'class-validator';
import { PageQueryDto } from './page-query.dto';
import { UserStatus } from './user-response.dto';
import { Omittable } from '../../common/omittable.decorator';

const FILTERS = ['email', 'username', 'status'] as const;

/** Cognito's ListUsers takes a single filter expression, so only one of the filters may be set. */
function OneFilterAtATime(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'oneFilterAtATime',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (_value: unknown, args: ValidationArguments) => {
          const query = args.object as Record<string, unknown>;
          return FILTERS.filter((name) => query[name] !== undefined).length <= 1;
        },
        defaultMessage: () => 'Filter by only one of email, username or status at a time',
      },
    });
}

/** `GET /admin/users`: a page, optionally filtered by one prefix (email, username) or a status. */
export class ListUsersDto extends PageQueryDto {
  // One filter only has an example: Swagger UI fills in every example, and two filters are a 400.
  @ApiPropertyOptional({ description: 'Users whose email starts with this, e.g. `alice@`.' })
  @Omittable()
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  @OneFilterAtATime()
  email?: string;

  @ApiPropertyOptional({ example: 'ali', description: 'Users whose username starts with this.' })
  @Omittable()
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  @OneFilterAtATime()
  username?: string;

  @ApiPropertyOptional({
    enum: UserStatus,
    enumName: 'UserStatus',
    description: 'Users with exactly this status, e.g. `FORCE_CHANGE_PASSWORD`.',
  })
  @Omittable()
  @IsEnum(UserStatus)
  @OneFilterAtATime()
  status?: UserStatus;
}
