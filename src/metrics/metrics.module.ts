import { Module } from '@nestjs/common';
import { MetricsService } from './metrics.service';

/** The gateway's Prometheus registry; HealthModule serves it at /metrics. */
@Module({
  providers: [MetricsService],
  exports: [MetricsService],
})
export class MetricsModule {}
