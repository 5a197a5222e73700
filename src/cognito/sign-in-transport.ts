import type {
  InitiateAuthCommandInput,
  InitiateAuthCommandOutput,
  RespondToAuthChallengeCommandInput,
  RespondToAuthChallengeCommandOutput,
} from '@aws-sdk/client-cognito-identity-provider';
import { Pool } from 'undici';
import { CognitoCallObserver, failureName, secondsSince } from './cognito-calls';

/**
 * The two calls of every sign-in, over a keep-alive undici pool instead of the SDK: the SDK's middleware
 * stack costs more CPU per call than the rest of the gateway's work on it, and a sign-in makes two
 * (docs/benchmark.md). Both are unsigned calls of Cognito's JSON API, as amazon-cognito-identity-js
 * makes them; every other call stays on the SDK. One attempt, bounded by the Cognito timeout.
 */
export class SignInTransport {
  private readonly pool: Pool;
  private readonly path: string;

  constructor(
    endpoint: string,
    timeoutMs: number,
    private readonly observer: CognitoCallObserver,
  ) {
    const url = new URL(endpoint);
    this.path = url.pathname || '/';
    this.pool = new Pool(url.origin, {
      connect: { timeout: timeoutMs },
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
  }

  initiateAuth(input: InitiateAuthCommandInput): Promise<InitiateAuthCommandOutput> {
    return this.call('InitiateAuth', input);
  }

  respondToAuthChallenge(
    input: RespondToAuthChallengeCommandInput,
  ): Promise<RespondToAuthChallengeCommandOutput> {
    return this.call('RespondToAuthChallenge', input);
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  private async call<T>(operation: string, input: object): Promise<T> {
    const started = performance.now();
    try {
      const response = await this.pool.request({
        path: this.path,
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': `AWSCognitoIdentityProviderService.${operation}`,
        },
        body: JSON.stringify(input),
      });
      const text = await response.body.text();
      const output = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
      if (response.statusCode >= 300) throw cognitoFailure(response.statusCode, output);
      this.observer.observeCognitoCall(operation, secondsSince(started));
      return output as T;
    } catch (error) {
      this.observer.observeCognitoCall(operation, secondsSince(started), failureName(operation, error));
      throw error;
    }
  }
}

/** Cognito's error answer as the SDK would throw it: the exception's name, message and status. */
function cognitoFailure(status: number, body: Record<string, unknown>): Error {
  const type = typeof body.__type === 'string' ? body.__type : '';
  const message = [body.message, body.Message].find((m): m is string => typeof m === 'string') ?? '';
  return Object.assign(new Error(message), {
    name: type.split('#').pop() || 'UnknownError',
    $metadata: { httpStatusCode: status },
  });
}
