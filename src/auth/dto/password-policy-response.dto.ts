import { ApiProperty } from '@nestjs/swagger';

/** The user pool's password policy: what a new password must satisfy. */
export class PasswordPolicyResponseDto {
  @ApiProperty({ example: 8, minimum: 6, maximum: 99 })
  minimumLength!: number;

  @ApiProperty({ example: true })
  requireUppercase!: boolean;

  @ApiProperty({ example: true })
  requireLowercase!: boolean;

  @ApiProperty({ example: true })
  requireNumbers!: boolean;

  @ApiProperty({ example: true })
  requireSymbols!: boolean;
}
