import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import { COGNITO_NAME, COGNITO_NAME_MESSAGE, MAX_NAME_LENGTH } from './cognito-names';

/** `{username}` in the path. */
export class UserParamsDto {
  @ApiProperty({ example: 'alice' })
  @IsString()
  @Length(1, MAX_NAME_LENGTH)
  @Matches(COGNITO_NAME, { message: COGNITO_NAME_MESSAGE })
  username!: string;
}
