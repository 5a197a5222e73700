import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { Global, Module } from '@nestjs/common';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { AppConfig } from '../config/app-config';
import { MetricsService } from '../health/metrics.service';
import { observeSdkCalls } from './cognito-calls';
import { CognitoClientCloser } from './cognito-client.closer';
import { CognitoSettings } from './cognito-settings';
import { CognitoUserApi } from './cognito-user-api';
import { LocalCognitoRunner } from './local-cognito.runner';

/** The Cognito connection: resolved settings, the admin SDK client and Cognito's user API. */
@Global()
@Module({
  providers: [
    LocalCognitoRunner,
    CognitoClientCloser,
    {
      provide: CognitoSettings,
      inject: [AppConfig, LocalCognitoRunner],
      useFactory: (config: AppConfig, runner: LocalCognitoRunner) => runner.resolveSettings(config),
    },
    {
      provide: CognitoIdentityProviderClient,
      inject: [CognitoSettings, AppConfig, MetricsService],
      useFactory: (settings: CognitoSettings, config: AppConfig, metrics: MetricsService) => {
        const client = new CognitoIdentityProviderClient({
          region: settings.region,
          endpoint: settings.endpoint,
          // Two attempts at most: a retry storm against a struggling Cognito helps nobody.
          maxAttempts: 2,
          requestHandler: new NodeHttpHandler({
            connectionTimeout: config.cognitoTimeoutMs,
            requestTimeout: config.cognitoTimeoutMs,
            // Without it the handler only logs a warning and keeps waiting for a Cognito that hangs.
            throwOnRequestTimeout: true,
          }),
          ...(settings.isLoopback ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
        });
        observeSdkCalls(client, metrics);
        return client;
      },
    },
    CognitoUserApi,
  ],
  exports: [CognitoSettings, CognitoIdentityProviderClient, CognitoUserApi],
})
export class CognitoModule {}
