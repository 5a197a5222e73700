import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { Module } from '@nestjs/common';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { AppConfig } from '../config/app-config';
import { MetricsModule } from '../metrics/metrics.module';
import { MetricsService } from '../metrics/metrics.service';
import { CognitoAdminApi } from './cognito-admin-api';
import { observeSdkCalls } from './cognito-calls';
import { CognitoClientCloser } from './cognito-client.closer';
import { CognitoSettings } from './cognito-settings';
import { CognitoUserApi } from './cognito-user-api';
import { PasswordPolicySource } from './password-policy';
import { PoolDescriptionCache } from './pool-description.cache';

/**
 * The Cognito connection: the admin SDK client and Cognito's user API, built from the CognitoSettings
 * that the root module provides (CognitoSettingsModule, or LocalCognitoModule), and the pool's
 * description (schema, password policy), cached once for the auth and admin modules alike.
 */
@Module({
  imports: [MetricsModule],
  providers: [
    CognitoClientCloser,
    CognitoAdminApi,
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
    PoolDescriptionCache,
    PasswordPolicySource,
  ],
  exports: [
    CognitoIdentityProviderClient,
    CognitoAdminApi,
    CognitoUserApi,
    PoolDescriptionCache,
    PasswordPolicySource,
  ],
})
export class CognitoModule {}
