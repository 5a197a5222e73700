import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { AppConfig } from '../config/app-config';
import { CognitoCallObserver, observeSdkCalls } from './cognito-calls';
import { CognitoSettings } from './cognito-settings';

/**
 * The SDK clients of Cognito's user API, over one socket pool whose every request is bounded by the
 * Cognito timeout:
 * - `oneAttempt`: for the routes a user waits on to get in (sign-in, challenges, refresh, revoke,
 *   password reset) and for identity-js, so that a failure answers within one timeout;
 * - `twoAttempts`: for bearer calls (profile, authenticator app), which may retry once: a retry storm
 *   against a struggling Cognito helps nobody;
 * - `probe`: one attempt and not observed, for the readiness ping, which would swamp the metrics.
 */
export function userApiClients(settings: CognitoSettings, config: AppConfig, observer: CognitoCallObserver) {
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
  const observed = (maxAttempts: number) => {
    const client = new CognitoIdentityProviderClient({ ...common, maxAttempts });
    observeSdkCalls(client, observer);
    return client;
  };
  return {
    oneAttempt: observed(1),
    twoAttempts: observed(2),
    probe: new CognitoIdentityProviderClient({ ...common, maxAttempts: 1 }),
  };
}
