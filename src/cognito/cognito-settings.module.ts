import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { CognitoSettings } from './cognito-settings';

/**
 * CognitoSettings from the configuration: AWS, or an endpoint override. In local mode the root module
 * imports LocalCognitoModule instead. Global like AppConfig: it is configuration chosen once by the root,
 * and CognitoModule must not know the emulator that may provide it.
 */
@Global()
@Module({
  providers: [
    {
      provide: CognitoSettings,
      inject: [AppConfig],
      useFactory: ({ cognito }: AppConfig) => {
        if (cognito.mode !== 'aws') throw new Error('CognitoSettingsModule needs a configured user pool');
        const { region, userPoolId, clientId, clientSecret, endpoint } = cognito;
        return new CognitoSettings(region, userPoolId, clientId, clientSecret, endpoint);
      },
    },
  ],
  exports: [CognitoSettings],
})
export class CognitoSettingsModule {}
