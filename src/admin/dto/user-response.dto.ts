import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Where a user stands in their account's life cycle (Cognito's user status, passed through). */
export enum UserStatus {
  UNCONFIRMED = 'UNCONFIRMED',
  CONFIRMED = 'CONFIRMED',
  FORCE_CHANGE_PASSWORD = 'FORCE_CHANGE_PASSWORD',
  RESET_REQUIRED = 'RESET_REQUIRED',
  ARCHIVED = 'ARCHIVED',
  COMPROMISED = 'COMPROMISED',
  EXTERNAL_PROVIDER = 'EXTERNAL_PROVIDER',
  UNKNOWN = 'UNKNOWN',
}

/** A user of the pool as the admin platform sees it. */
export class UserResponseDto {
  @ApiProperty({ example: 'alice' })
  username!: string;

  @ApiProperty({ example: '3f1c0a4e-8e0b-4c65-9d0e-2a1f3c4d5e6f', format: 'uuid' })
  sub!: string;

  @ApiPropertyOptional({ example: 'alice@example.com', format: 'email' })
  email?: string;

  @ApiPropertyOptional({ example: true })
  emailVerified?: boolean;

  @ApiProperty({ enum: UserStatus, enumName: 'UserStatus', example: UserStatus.CONFIRMED })
  status!: UserStatus;

  @ApiProperty({ example: true })
  enabled!: boolean;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: {
      sub: '3f1c0a4e-8e0b-4c65-9d0e-2a1f3c4d5e6f',
      email: 'alice@example.com',
      email_verified: 'true',
      name: 'Alice',
    },
    description: 'Every attribute of the user, by its Cognito name (custom ones as `custom:<name>`).',
  })
  attributes!: Record<string, string>;

  @ApiPropertyOptional({
    type: [String],
    example: ['admin'],
    description: 'Present on single-user answers; lists leave it out.',
  })
  groups?: string[];

  @ApiProperty({ example: '2026-11-24T21:00:00.000Z', format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ example: '2026-11-24T21:30:00.000Z', format: 'date-time' })
  updatedAt!: string;
}
