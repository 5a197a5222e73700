import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsString, MaxLength, MinLength } from 'class-validator';
import { POOL_PASSWORD_POLICY } from '../../common/validation.pipe';

/** `POST /admin/users/{username}/password`. */
export class SetUserPasswordDto {
  @ApiProperty({ example: 'N3w#Passw0rd!', format: 'password' })
  @IsString()
  @MinLength(6, { context: POOL_PASSWORD_POLICY })
  @MaxLength(256)
  password!: string;

  @ApiProperty({
    example: false,
    description: 'false: a temporary password the user must change at the next sign-in.',
  })
  @IsBoolean()
  permanent!: boolean;
}
