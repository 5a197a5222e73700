import { ApiProperty } from '@nestjs/swagger';
import { IsUsername } from './credential-rules';

export class StartPasskeySignInDto {
  @ApiProperty({ example: 'alice', minLength: 1, maxLength: 128 })
  @IsUsername()
  username!: string;
}
