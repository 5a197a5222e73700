import { DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { AppConfig } from './app-config';
import { EnvironmentVariables, validateEnv } from './env.validation';

const VALIDATED = 'validatedEnvironment';

/**
 * Reads the environment (and `.env`) once through @nestjs/config, validates it, and provides the typed
 * AppConfig. Tests pass `overrides` (and skip `.env`) so that several apps with different settings can
 * live in one process without touching process.env.
 */
@Global()
@Module({})
export class AppConfigModule {
  static forRoot(
    options: { overrides?: Record<string, string>; ignoreEnvFile?: boolean } = {},
  ): DynamicModule {
    return {
      module: AppConfigModule,
      imports: [
        ConfigModule.forRoot({
          ignoreEnvFile: options.ignoreEnvFile ?? false,
          cache: true,
          validate: (raw) => ({ [VALIDATED]: validateEnv({ ...raw, ...options.overrides }) }),
        }),
      ],
      providers: [
        {
          provide: AppConfig,
          inject: [ConfigService],
          useFactory: (config: ConfigService) =>
            new AppConfig(config.getOrThrow<EnvironmentVariables>(VALIDATED)),
        },
      ],
      exports: [AppConfig],
    };
  }
}
