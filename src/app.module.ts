import { DynamicModule, Module } from '@nestjs/common';
import { AdminModule } from './admin/admin.module';
import { AuthModule } from './auth/auth.module';
import { CognitoModule } from './cognito/cognito.module';
import { AppConfigModule } from './config/config.module';
import { HealthModule } from './health/health.module';
import { LogOutput, loggingModule } from './logging/logging';
import { RateLimitModule } from './rate-limit/rate-limit.module';
import { RedisModule } from './redis/redis.module';

export interface AppModuleOptions extends LogOutput {
  /** Settings that win over the environment (tests, the benchmark). */
  overrides?: Record<string, string>;
  /** Skip `.env` (tests must not depend on a developer's local file). */
  ignoreEnvFile?: boolean;
}

@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(options),
        loggingModule(options),
        RedisModule,
        CognitoModule,
        AuthModule,
        AdminModule,
        HealthModule,
        RateLimitModule,
      ],
    };
  }
}
