import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { cannotReceiveCode, cognitoErrorName } from './cognito-errors';

/** Told about every call the gateway makes to Cognito, whichever library made it. */
export interface CognitoCallObserver {
  /**
   * `operation` is Cognito's action name (`InitiateAuth`); `error`, set when the call failed, is the
   * exception's name as `failureName` reports it.
   */
  observeCognitoCall(operation: string, seconds: number, error?: string): void;
}

/**
 * The name a failed call is reported under: Cognito's exception name, except the answers that tell whether
 * a user exists (UserNotFoundException, UserNotConfirmedException, no verified email or phone, disabled),
 * which would make the metrics an oracle. Outside the admin API (whose callers are admins, answered
 * USER_NOT_FOUND anyway) they are reported as what Cognito answers under PreventUserExistenceErrors, and
 * what the gateway answers the client: ForgotPassword as a success (a simulated delivery),
 * ConfirmForgotPassword as CodeMismatchException, any other call as NotAuthorizedException.
 */
export function failureName(operation: string, error: unknown): string | undefined {
  const name = cognitoErrorName(error);
  const reported = /^[A-Za-z]{1,64}$/.test(name) ? name : 'Error';
  if (operation.startsWith('Admin') || !tellsUserExistence(operation, error)) return reported;
  if (operation === 'ForgotPassword') return undefined;
  return operation === 'ConfirmForgotPassword' ? 'CodeMismatchException' : 'NotAuthorizedException';
}

function tellsUserExistence(operation: string, error: unknown): boolean {
  const name = cognitoErrorName(error);
  if (name === 'UserNotFoundException' || name === 'UserNotConfirmedException') return true;
  return (
    (operation === 'ForgotPassword' || operation === 'ConfirmForgotPassword') && cannotReceiveCode(error)
  );
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
        observer.observeCognitoCall(operation, secondsSince(started), failureName(operation, error));
        throw error;
      }
    },
    { step: 'initialize', name: 'gatewayCallObserver' },
  );
}
