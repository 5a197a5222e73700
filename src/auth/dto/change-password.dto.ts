import { ApiProperty } from '@nestjs/swagger';
import { IsNewPassword, IsPassword } from './credential-rules';

export class ChangePasswordDto {
  @ApiProperty({ example: 'Corr3ct#Horse', format: 'password', minLength: 1, maxLength: 256 })
  @IsPassword()
  currentPassword!: string;

  @ApiProperty({ example: 'N3w#Passw0rd', format: 'password', minLength: 6, maxLength: 256 })
  @IsNewPassword()
  newPassword!: string;
}
