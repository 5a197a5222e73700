import { Controller, Get, Res } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/decorators/public.decorator';
import { UpstreamHealth } from './upstream.health';

export class LivenessResponse {
  @ApiProperty({ example: 'ok' })
  status!: 'ok';
}

export class ReadinessResponse {
  @ApiProperty({ enum: ['ok', 'error'], example: 'ok' })
  status!: string;

  @ApiProperty({
    description: 'Each dependency with `status` up or down and, when down, a `reason`',
    example: { cognito: { status: 'up' }, jwks: { status: 'up' } },
  })
  details!: Record<string, { status: string; reason?: string }>;
}

@ApiTags('ops')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly upstream: UpstreamHealth,
  ) {}

  @Get('live')
  @ApiOperation({ operationId: 'getLiveness', summary: 'The process is up' })
  @ApiOkResponse({ type: LivenessResponse })
  getLiveness(): LivenessResponse {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({
    operationId: 'getReadiness',
    summary:
      'Cognito, its signing keys and Redis (when configured, with the revocation list in step) are reachable',
  })
  @ApiOkResponse({ type: ReadinessResponse })
  @ApiServiceUnavailableResponse({
    type: ReadinessResponse,
    description: 'A dependency is down; see `details`',
  })
  async getReadiness(@Res({ passthrough: true }) reply: FastifyReply): Promise<ReadinessResponse> {
    try {
      return report(await this.health.check(this.upstream.readinessChecks()));
    } catch (error) {
      const result = (error as { response?: HealthCheckResult }).response;
      if (!result) throw error;
      void reply.status(503);
      return report(result);
    }
  }
}

function report(result: HealthCheckResult): ReadinessResponse {
  return { status: result.status, details: result.details };
}
