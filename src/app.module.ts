import { DynamicModule, Module } from '@nestjs/common';
import { AdminModule } from './admin/admin.module';
import { AuthModule } from './auth/auth.module';
import { CognitoSettingsModule } from './cognito/cognito-settings.module';
import { AppConfigModule } from './config/config.module';
import { loadAppConfig } from './config/environment';
import { HealthModule } from './health/health.module';
import { LocalCognitoModule } from './local-cognito/local-cognito.module';
import { LogOutput, loggingModule } from './logging/logging';
import { RateLimitModule } from './rate-limit/rate-limit.module';

export interface AppModuleOptions extends LogOutput {
  /** Settings that win over the environment (tests, the benchmark). */
  overrides?: Record<string, string>;
  /** Skip `.env` (tests must not depend on a developer's local file). */
  ignoreEnvFile?: boolean;
}

@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions = {}): DynamicModule {
    // Chosen here from the same sources AppConfigModule reads (overrides included, which
    // ConditionalModule's process.env would miss), so that AWS mode never loads the emulator.
    const local = loadAppConfig(options).cognito.mode === 'local';
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(options),
        loggingModule(options),
        local ? LocalCognitoModule : CognitoSettingsModule,
        AuthModule,
        AdminModule,
        HealthModule,
        RateLimitModule,
      ],
    };
  }
}
