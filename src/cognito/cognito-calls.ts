import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';

/** Told about every call the gateway makes to Cognito, whichever library made it. */
export interface CognitoCallObserver {
  /** `operation` is Cognito's action name (`InitiateAuth`); `error` is set when the call failed. */
  observeCognitoCall(operation: string, seconds: number, error?: unknown): void;
}

export function secondsSince(startedMs: number): number {
  return (performance.now() - startedMs) / 1000;
}

/**
 * Reports every command sent through this SDK client. The initialize step wraps the whole call, retries
 * included: the latency a request of ours waited for, and the error it finally got.
 */
export function observeSdkCalls(client: CognitoIdentityProviderClient, observer: CognitoCallObserver): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '');
      const started = performance.now();
      try {
        const output = await next(args);
        observer.observeCognitoCall(operation, secondsSince(started));
        return output;
      } catch (error) {
        observer.observeCognitoCall(operation, secondsSince(started), error);
        throw error;
      }
    },
    { step: 'initialize', name: 'gatewayCallObserver' },
  );
}
