import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsString, Length } from 'class-validator';

/** `POST /admin/users/{username}/password`. */
export class SetUserPasswordDto {
  @ApiProperty({ example: 'N3w#Passw0rd!', format: 'password' })
  @IsString()
  @Length(6, 256)
  password!: string;

  @ApiProperty({
    example: false,
    description: 'false: a temporary password the user must change at the next sign-in.',
  })
  @IsBoolean()
  permanent!: boolean;
}
