import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { COGNITO_NAME, COGNITO_NAME_MESSAGE, MAX_NAME_LENGTH } from './cognito-names';
import { Omittable } from '../../common/omittable.decorator';

/** `POST /admin/groups`. */
export class CreateGroupDto {
  @ApiProperty({ example: 'editors', maxLength: MAX_NAME_LENGTH })
  @IsString()
  @Length(1, MAX_NAME_LENGTH)
  @Matches(COGNITO_NAME, { message: COGNITO_NAME_MESSAGE })
  name!: string;

  @ApiPropertyOptional({ example: 'People who may publish articles', maxLength: 2048 })
  @Omittable()
  @IsString()
  @MaxLength(2048)
  description?: string;

  @ApiPropertyOptional({ example: 10, minimum: 0 })
  @Omittable()
  @IsInt()
  @Min(0)
  @Max(2 ** 31 - 1)
  precedence?: number;
}
