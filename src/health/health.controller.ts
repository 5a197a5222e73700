import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/decorators/public.decorator';

export class LivenessResponse {
  @ApiProperty({ example: 'ok' })
  status!: 'ok';
}

@ApiTags('ops')
@Public()
@Controller('health')
export class HealthController {
  @Get('live')
  @ApiOperation({ operationId: 'getLiveness', summary: 'The process is up' })
  @ApiOkResponse({ type: LivenessResponse })
  getLiveness(): LivenessResponse {
    return { status: 'ok' };
  }
}
