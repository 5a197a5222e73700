import { createHmac } from 'node:crypto';

/** The resolved Cognito connection: real AWS, an endpoint override, or the embedded local Cognito. */
export class CognitoSettings {
  constructor(
    readonly region: string,
    readonly userPoolId: string,
    readonly clientId: string,
    readonly clientSecret: string | undefined,
    /** Set when Cognito is not AWS's public endpoint (local Cognito, a proxy). */
    readonly endpoint: string | undefined,
    readonly local?: LocalCognitoInfo,
  ) {}

  /** The `iss` claim of this pool's tokens (also for local Cognito, which mimics AWS). */
  get issuer(): string {
    return `https://cognito-idp.${this.region}.amazonaws.com/${this.userPoolId}`;
  }

  /** Where the signing keys are fetched from: the endpoint override when there is one. */
  get jwksUri(): string {
    return `${this.endpoint ?? this.issuer}${this.endpoint ? `/${this.userPoolId}` : ''}/.well-known/jwks.json`;
  }

  /** The endpoint the SDK and identity-js call. */
  get apiEndpoint(): string {
    return this.endpoint ?? `https://cognito-idp.${this.region}.amazonaws.com`;
  }

  /**
   * The SECRET_HASH Cognito wants beside a username on every user-facing call of an app client with a
   * secret; undefined for a client without one.
   */
  secretHashOf(username: string): string | undefined {
    return this.clientSecret === undefined
      ? undefined
      : secretHash(this.clientSecret, username, this.clientId);
  }

  /** Loopback endpoints are emulators: they need no AWS credentials. */
  get isLoopback(): boolean {
    return (
      this.endpoint !== undefined &&
      /^https?:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?$/.test(this.endpoint)
    );
  }
}

export interface LocalCognitoInfo {
  dataDir: string;
  adminUsername: string;
  /** The admin's password as the local pool holds it, and where it came from. */
  adminPassword?: string;
  adminPasswordSource: 'generated' | 'setting' | 'stored';
}

/** Cognito's SECRET_HASH: Base64(HMAC-SHA256(key = client secret, message = username + client id)). */
export function secretHash(clientSecret: string, username: string, clientId: string): string {
  return createHmac('sha256', clientSecret)
    .update(username + clientId)
    .digest('base64');
}
