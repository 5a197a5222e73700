import { Global, Module } from '@nestjs/common';
import { CognitoSettings } from '../cognito/cognito-settings';
import { AppConfig } from '../config/app-config';
import { LocalCognitoRunner } from './local-cognito.runner';

/**
 * Local mode's CognitoSettings: those of the embedded local Cognito, started at boot. The root module
 * imports this instead of CognitoSettingsModule; global for the same reason as that one.
 */
@Global()
@Module({
  providers: [
    LocalCognitoRunner,
    {
      provide: CognitoSettings,
      inject: [AppConfig, LocalCognitoRunner],
      useFactory: (config: AppConfig, runner: LocalCognitoRunner) => runner.start(config),
    },
  ],
  exports: [CognitoSettings],
})
export class LocalCognitoModule {}
