import { ApiProperty } from '@nestjs/swagger';
import { IsPassword, IsUsername } from './credential-rules';

export class SignInDto {
  // The seeded admin: the one user a fresh local pool has.
  @ApiProperty({ example: 'admin', minLength: 1, maxLength: 128 })
  @IsUsername()
  username!: string;

  @ApiProperty({ example: 'Corr3ct#Horse', format: 'password', minLength: 1, maxLength: 256 })
  @IsPassword()
  password!: string;
}
