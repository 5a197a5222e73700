import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { AppConfig } from '../config/app-config';
import { CognitoCallObserver, observeSdkCalls } from './cognito-calls';
import { CognitoSettings } from './cognito-settings';

/**
 * The SDK clients of Cognito's user API, over one socket pool bounded by the Cognito timeout:
 * - `sdk`: two attempts at most (a retry storm against a struggling Cognito helps nobody), every
 *   call observed;
 * - `singleAttempt`: one attempt and not observed, for identity-js (which observes its calls itself)
 *   and the readiness ping (which would swamp the metrics).
 */
export function userApiClients(
  settings: CognitoSettings,
  config: AppConfig,
  observer: CognitoCallObserver,
): { sdk: CognitoIdentityProviderClient; singleAttempt: CognitoIdentityProviderClient } {
  const common = {
    region: settings.region,
    endpoint: settings.endpoint,
    requestHandler: new NodeHttpHandler({
      connectionTimeout: config.cognitoTimeoutMs,
      requestTimeout: config.cognitoTimeoutMs,
      // Without it the handler only logs a warning and keeps waiting for a Cognito that hangs.
      throwOnRequestTimeout: true,
    }),
    // Loopback endpoints are emulators, but the SDK still signs: any credentials do.
    ...(settings.isLoopback ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
  };
  const sdk = new CognitoIdentityProviderClient({ ...common, maxAttempts: 2 });
  observeSdkCalls(sdk, observer);
  return { sdk, singleAttempt: new CognitoIdentityProviderClient({ ...common, maxAttempts: 1 }) };
}
