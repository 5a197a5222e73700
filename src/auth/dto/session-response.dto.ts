import { ApiProperty } from '@nestjs/swagger';

/** What the verified access token says about the caller; no Cognito call is made to build it. */
export class SessionResponseDto {
  @ApiProperty({ example: 'alice' })
  username!: string;

  @ApiProperty({ example: '3f1c0a4e-8e0b-4c65-9d0e-2a1f3c4d5e6f', format: 'uuid' })
  sub!: string;

  @ApiProperty({ example: ['admin'], type: [String] })
  groups!: string[];

  @ApiProperty({ example: '4lkc0ofgl8bqp1u2v3w4x5y6z7' })
  clientId!: string;

  @ApiProperty({ example: 'aws.cognito.signin.user.admin' })
  scope!: string;

  @ApiProperty({ example: '2026-11-24T21:00:00.000Z', format: 'date-time' })
  issuedAt!: string;

  @ApiProperty({ example: '2026-11-24T22:00:00.000Z', format: 'date-time' })
  expiresAt!: string;
}

/**
 * The same shape as JSON Schema, for Fastify's compiled serializer on GET /auth/session (the route
 * every app polls): JSON.stringify costs it more than the whole cached token check.
 */
export const SESSION_RESPONSE_SCHEMA = {
  type: 'object',
  required: ['username', 'sub', 'groups', 'clientId', 'scope', 'issuedAt', 'expiresAt'],
  properties: {
    username: { type: 'string' },
    sub: { type: 'string' },
    groups: { type: 'array', items: { type: 'string' } },
    clientId: { type: 'string' },
    scope: { type: 'string' },
    issuedAt: { type: 'string' },
    expiresAt: { type: 'string' },
  },
} as const;
