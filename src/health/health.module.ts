import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { AuthModule } from '../auth/auth.module';
import { CognitoModule } from '../cognito/cognito.module';
import { MetricsModule } from '../metrics/metrics.module';
import { RedisModule } from '../redis/redis.module';
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';
import { UpstreamHealth } from './upstream.health';

/** The operator's routes: liveness, readiness of what the gateway needs, and the metrics. */
@Module({
  imports: [TerminusModule.forRoot({ logger: false }), AuthModule, CognitoModule, MetricsModule, RedisModule],
  controllers: [HealthController, MetricsController],
  providers: [UpstreamHealth],
})
export class HealthModule {}
