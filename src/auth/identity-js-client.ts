import { OnApplicationShutdown } from '@nestjs/common';
import { CognitoUser, CognitoUserPool, ICognitoStorage } from 'amazon-cognito-identity-js';
import { CognitoCallObserver, secondsSince } from '../cognito/cognito-calls';
import { LeanHttpClient } from './lean-http';

export type IdentityJsCallback = (error: Error | null, data?: unknown) => void;

/** SECRET_HASH for a username, or undefined when the app client has no secret (CognitoSettings.secretHashOf). */
export type SecretHasher = (username: string) => string | undefined;

/** The part of identity-js's (untyped, unexported) request client that CognitoUser calls. */
export interface IdentityJsClient {
  request(operation: string, params: unknown, callback: IdentityJsCallback): void;
  requestWithRetry(operation: string, params: unknown, callback: IdentityJsCallback): void;
}

interface IdentityJsClientClass {
  new (region: string | undefined, endpoint: string): IdentityJsClient;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { default: Client } = require('amazon-cognito-identity-js/lib/Client') as {
  default: IdentityJsClientClass;
};

/**
 * identity-js's request client with a lean transport. identity-js sends every call through `fetch`
 * (~0.9 ms of CPU per call on 2026-11-25) and retries every error for ~6.4 s, even a revoked refresh
 * token. This one keeps identity-js's contract (the operation names, the JSON in and out, errors named
 * after Cognito's `__type`) but speaks HTTP over keep-alive sockets (lean-http.ts), makes one attempt,
 * and gives up after a timeout, so failures surface at once and go through the error table.
 * For an app client with a secret it adds the SECRET_HASH that identity-js never sends.
 */
export class BoundedIdentityJsClient extends Client implements OnApplicationShutdown {
  private readonly http: LeanHttpClient;

  constructor(
    endpoint: string,
    private readonly timeoutMs: number,
    private readonly observer?: CognitoCallObserver,
    private readonly secretHashOf: SecretHasher = () => undefined,
  ) {
    super(undefined, endpoint);
    // Idle sockets close before a typical server keep-alive timeout (5 s), so a request never races a closing socket.
    this.http = new LeanHttpClient(new URL(endpoint), {
      maxSockets: 128,
      idleTimeoutMs: 4000,
      maxResponseBytes: MAX_RESPONSE_BYTES,
      tooLarge: () => named('InternalErrorException', 'Response too large'),
    });
  }

  override request(operation: string, params: unknown, callback: IdentityJsCallback): void {
    this.call(operation, params).then(
      (data) => callback(null, data),
      (error: Error) => callback(error),
    );
  }

  override requestWithRetry(operation: string, params: unknown, callback: IdentityJsCallback): void {
    this.request(operation, params, callback);
  }

  /** One Cognito call: the parsed JSON answer, or an Error named after Cognito's exception. */
  call<T = unknown>(operation: string, params: unknown): Promise<T> {
    const body = JSON.stringify(withSecretHash(operation, params, this.secretHashOf));
    const started = performance.now();
    const answer = this.post(operation, body).then(({ status, headers, body: raw }) => {
      const data = parseJson(raw);
      if (status >= 200 && status < 300) return data as T;
      const type = typeof data.__type === 'string' ? data.__type : (headers['x-amzn-errortype'] ?? '');
      const code =
        type.split('#').pop()?.split(':')[0] || (status >= 500 ? 'InternalErrorException' : 'UnknownError');
      const message =
        typeof data.message === 'string'
          ? data.message
          : typeof data.Message === 'string'
            ? data.Message
            : '';
      throw Object.assign(named(code, message), { code, statusCode: status });
    });
    return answer.then(
      (data) => {
        this.observer?.observeCognitoCall(operation, secondsSince(started));
        return data;
      },
      (error: unknown) => {
        this.observer?.observeCognitoCall(operation, secondsSince(started), error);
        throw error;
      },
    );
  }

  /**
   * Resolves when Cognito answers at all: a GetUser with a bogus token costs nothing and is refused with
   * a 400. Rejects on a transport failure, a timeout or a 5xx (with its `statusCode`). For the readiness
   * probe, so not counted in the Cognito call metrics, which probes every few seconds would swamp.
   */
  async ping(): Promise<void> {
    const { status } = await this.post('GetUser', JSON.stringify({ AccessToken: 'health-check' }));
    if (status >= 500)
      throw Object.assign(named('InternalErrorException', `Cognito answered HTTP ${status}`), {
        statusCode: status,
      });
  }

  /** One request to Cognito's JSON API over the keep-alive pool, bounded by the timeout. */
  private post(operation: string, body: string) {
    return this.http.post(
      {
        'Content-Type': 'application/x-amz-json-1.1',
        'X-Amz-Target': `AWSCognitoIdentityProviderService.${operation}`,
        'Cache-Control': 'no-store',
      },
      body,
      this.timeoutMs,
      () => named('TimeoutError', `Cognito did not answer within ${this.timeoutMs} ms`),
    );
  }

  /** Nest calls this on shutdown: idle keep-alive sockets would otherwise hold the process open. */
  onApplicationShutdown(): void {
    this.http.close();
  }
}

const MAX_RESPONSE_BYTES = 1024 * 1024;

/**
 * The user-facing calls this gateway makes, with SECRET_HASH where Cognito wants it: computed from the
 * username the same call carries. REFRESH_TOKEN_AUTH carries none; its caller sets SECRET_HASH itself.
 */
export function withSecretHash(operation: string, params: unknown, secretHashOf: SecretHasher): unknown {
  if (typeof params !== 'object' || params === null) return params;
  const call = params as Record<string, unknown>;
  const nested = (field: 'AuthParameters' | 'ChallengeResponses') => {
    const inner = call[field] as Record<string, unknown> | undefined;
    const hash = typeof inner?.USERNAME === 'string' ? secretHashOf(inner.USERNAME) : undefined;
    return hash === undefined || inner?.SECRET_HASH !== undefined
      ? params
      : { ...call, [field]: { ...inner, SECRET_HASH: hash } };
  };
  switch (operation) {
    case 'InitiateAuth':
      return nested('AuthParameters');
    case 'RespondToAuthChallenge':
      return nested('ChallengeResponses');
    case 'ForgotPassword':
    case 'ConfirmForgotPassword': {
      const hash = typeof call.Username === 'string' ? secretHashOf(call.Username) : undefined;
      return hash === undefined ? params : { ...call, SecretHash: hash };
    }
    default:
      return params;
  }
}

function named(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

function parseJson(buffer: Buffer): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(buffer.toString('utf8'));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
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
