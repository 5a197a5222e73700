import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { AuthModule } from '../auth/auth.module';
import { CognitoModule } from '../cognito/cognito.module';
import { RedisModule } from '../redis/redis.module';
import { RevocationModule } from '../revocation/revocation.module';
import { HealthController } from './health.controller';
import { UpstreamHealth } from './upstream.health';

/** The operator's public routes: liveness and readiness of what the gateway needs (metrics: MetricsServer). */
@Module({
  imports: [
    TerminusModule.forRoot({ logger: false }),
    AuthModule,
    CognitoModule,
    RedisModule,
    RevocationModule,
  ],
  controllers: [HealthController],
  providers: [UpstreamHealth],
})
export class HealthModule {}
