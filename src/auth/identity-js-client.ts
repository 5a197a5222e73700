import { CognitoUser, CognitoUserPool, ICognitoStorage } from 'amazon-cognito-identity-js';

export type IdentityJsCallback = (error: Error | null, data?: unknown) => void;

/** The part of identity-js's (untyped, unexported) request client that CognitoUser calls. */
export interface IdentityJsClient {
  request(operation: string, params: unknown, callback: IdentityJsCallback): void;
  requestWithRetry(operation: string, params: unknown, callback: IdentityJsCallback): void;
}

interface IdentityJsClientClass {
  new (
    region: string | undefined,
    endpoint: string,
  ): IdentityJsClient & {
    fetchOptions: { signal?: AbortSignal };
  };
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { default: Client } = require('amazon-cognito-identity-js/lib/Client') as {
  default: IdentityJsClientClass;
};

/**
 * identity-js's own client, bounded: every call gets a timeout (identity-js has none), and
 * `requestWithRetry` makes one attempt — the library retries every error, even a revoked refresh
 * token, with jittered back-off for ~6.4 s. Errors surface at once and go through the error table.
 */
export class BoundedIdentityJsClient extends Client {
  constructor(
    endpoint: string,
    private readonly timeoutMs: number,
  ) {
    super(undefined, endpoint);
  }

  override request(operation: string, params: unknown, callback: IdentityJsCallback): void {
    // Read synchronously by the base request before it awaits anything, so concurrent calls don't mix.
    this.fetchOptions = { signal: AbortSignal.timeout(this.timeoutMs) };
    super.request(operation, params, callback);
  }

  override requestWithRetry(operation: string, params: unknown, callback: IdentityJsCallback): void {
    this.request(operation, params, callback);
  }
}

/**
 * A throwaway storage for one request's CognitoUser. Without it identity-js falls back to one
 * process-wide MemoryStorage, where `setSignInUserSession` would pile up every user's tokens.
 */
export class RequestStorage implements ICognitoStorage {
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

/** CognitoUser's fields identity-js keeps untyped: the challenge Session and its request client. */
export type RequestCognitoUser = CognitoUser & { Session: string | null; client: IdentityJsClient };

/** A CognitoUser for one request: its own storage and the bounded client. */
export function requestUser(
  pool: CognitoUserPool,
  client: IdentityJsClient,
  username: string,
): RequestCognitoUser {
  const user = new CognitoUser({ Username: username, Pool: pool, Storage: new RequestStorage() });
  return Object.assign(user, { client, Session: null as string | null });
}
