import {
  ChangePasswordCommand,
  ChangePasswordCommandInput,
  CognitoIdentityProviderClient,
  GlobalSignOutCommand,
  GlobalSignOutCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';

export type IdentityJsCallback = (error: Error | null, data?: unknown) => void;

/**
 * What identity-js's CognitoUser calls on its pool's `client`, served by an SDK client instead of
 * identity-js's own, which retries every error for ~6.4 s (a revoked token included). The SDK client
 * given here makes one attempt, bounded by the Cognito timeout, and reports it to the metrics. Only
 * the calls this gateway lets identity-js make are sent; anything else fails at once.
 */
export class IdentityJsRequestClient {
  constructor(private readonly sdk: CognitoIdentityProviderClient) {}

  request(operation: string, params: unknown, callback: IdentityJsCallback): void {
    this.send(operation, params).then(
      (data) => callback(null, data),
      (error: Error) => callback(error),
    );
  }

  requestWithRetry(operation: string, params: unknown, callback: IdentityJsCallback): void {
    this.request(operation, params, callback);
  }

  private send(operation: string, params: unknown): Promise<unknown> {
    switch (operation) {
      case 'ChangePassword':
        return this.sdk.send(new ChangePasswordCommand(params as ChangePasswordCommandInput));
      case 'GlobalSignOut':
        return this.sdk.send(new GlobalSignOutCommand(params as GlobalSignOutCommandInput));
      default:
        return Promise.reject(new Error(`${operation} is not sent through identity-js`));
    }
  }
}

/**
 * A throwaway storage for one request's CognitoUser. Without it identity-js falls back to one
 * process-wide MemoryStorage, where `setSignInUserSession` would pile up every user's tokens.
 */
export class RequestStorage {
  private readonly items = new Map<string, string>();

  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }

  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }

  removeItem(key: string): void {
    this.items.delete(key);
  }

  clear(): void {
    this.items.clear();
  }
}
