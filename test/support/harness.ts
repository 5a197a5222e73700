import {
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createApp } from '../../src/app.setup';
import { MetricsServer } from '../../src/metrics/metrics.server';
import { LocalCognito, startLocalCognito } from '../../src/local-cognito/local-cognito';

export const ADMIN_USERNAME = 'admin';
export const ADMIN_PASSWORD = 'Admin#Passw0rd!';

export interface HttpResult<T = any> {
  status: number;
  body: T;
  headers: Headers;
  text: string;
}

export interface RequestOptions {
  body?: unknown;
  /** Sent as-is (for malformed bodies); wins over `body`. */
  rawBody?: string;
  token?: string;
  headers?: Record<string, string>;
}

/** A running gateway on a free loopback port, talking to a local Cognito over real sockets. */
export class Gateway {
  constructor(
    readonly app: NestFastifyApplication,
    readonly baseUrl: string,
  ) {}

  /** The metrics listener's `/metrics` URL (METRICS_PORT; a free port in tests), undefined when off. */
  get metricsUrl(): string | undefined {
    return this.app.get(MetricsServer).url;
  }

  /** GET /metrics from the metrics listener, where Prometheus scrapes it (never the public port). */
  async metrics(): Promise<HttpResult<string>> {
    if (!this.metricsUrl) throw new Error('this gateway serves no metrics (METRICS_PORT=off)');
    const response = await fetch(this.metricsUrl);
    const text = await response.text();
    return { status: response.status, body: text, headers: response.headers, text };
  }

  async request<T = any>(method: string, url: string, options: RequestOptions = {}): Promise<HttpResult<T>> {
    const headers: Record<string, string> = { ...options.headers };
    let body: string | undefined = options.rawBody;
    if (body === undefined && options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
      headers['content-type'] = 'application/json';
    }
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const response = await fetch(this.baseUrl + url, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON (e.g. the Swagger UI page): keep the text
    }
    return { status: response.status, body: parsed as T, headers: response.headers, text };
  }

  get<T = any>(url: string, options?: RequestOptions): Promise<HttpResult<T>> {
    return this.request<T>('GET', url, options);
  }

  post<T = any>(url: string, options?: RequestOptions): Promise<HttpResult<T>> {
    return this.request<T>('POST', url, options);
  }

  async close(): Promise<void> {
    await this.app.close();
  }
}

export function tempDir(prefix = 'cgw-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** The local Cognito every e2e spec uses: its own port and data folder, messages kept for the test. */
export async function startTestCognito(): Promise<LocalCognito & { dataDir: string }> {
  const dataDir = tempDir('cgw-cognito-');
  const cognito = await startLocalCognito({
    dataDir,
    port: 0,
    adminUsername: ADMIN_USERNAME,
    adminPassword: ADMIN_PASSWORD,
    onMessage: () => undefined,
  });
  const close = cognito.close.bind(cognito);
  return Object.assign(cognito, {
    dataDir,
    close: async () => {
      await close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  });
}

/** The settings that point a gateway at a running local Cognito as if it were AWS with an endpoint override. */
export function cognitoEnv(cognito: LocalCognito): Record<string, string> {
  return {
    COGNITO_REGION: cognito.region,
    COGNITO_USER_POOL_ID: cognito.userPoolId,
    COGNITO_CLIENT_ID: cognito.clientId,
    COGNITO_ENDPOINT: cognito.endpoint,
  };
}

/** A second app client of the local pool, with a secret: the settings that point a gateway at it. */
export async function secretClientEnv(cognito: LocalCognito): Promise<Record<string, string>> {
  const { UserPoolClient: client } = await sdkClient(cognito).send(
    new CreateUserPoolClientCommand({
      UserPoolId: cognito.userPoolId,
      ClientName: 'confidential',
      GenerateSecret: true,
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    }),
  );
  if (!client?.ClientId || !client.ClientSecret) throw new Error('no app client with a secret was made');
  return { COGNITO_CLIENT_ID: client.ClientId, COGNITO_CLIENT_SECRET: client.ClientSecret };
}

export async function startGateway(env: Record<string, string>): Promise<Gateway> {
  const app = await createApp({
    // Metrics on a free port of their own: several gateways share a test process.
    overrides: { LOG_LEVEL: 'silent', RATE_LIMITS: 'off', METRICS_PORT: '0', ...env },
    ignoreEnvFile: true,
    logger: false,
  });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  if (typeof address !== 'object' || address === null) throw new Error('gateway did not bind');
  return new Gateway(app, `http://127.0.0.1:${address.port}`);
}

export interface StackOptions {
  /** Gateway settings on top of those that point it at the local Cognito. */
  env?: Record<string, string>;
  /** Point the gateway at a second app client, one with a secret. */
  clientSecret?: boolean;
}

/** A local Cognito plus a gateway in front of it: what most e2e specs need. */
export interface Stack {
  cognito: LocalCognito & { dataDir: string };
  gateway: Gateway;
  /** An SDK client on the local pool, to arrange a test's data straight at Cognito. */
  sdk: CognitoIdentityProviderClient;
  /** The seeded admin's access token, taken straight from Cognito. */
  adminToken: string;
  stop: () => Promise<void>;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const cognito = await startTestCognito();
  const client = options.clientSecret ? await secretClientEnv(cognito) : {};
  const gateway = await startGateway({ ...cognitoEnv(cognito), ...client, ...options.env });
  const sdk = sdkClient(cognito);
  const { accessToken: adminToken } = await cognitoTokens(cognito);
  return {
    cognito,
    gateway,
    sdk,
    adminToken,
    stop: async () => {
      sdk.destroy();
      await gateway.close();
      await cognito.close();
    },
  };
}

/**
 * The stack of one describe block: started before its first test, stopped after its last. Read its
 * fields inside tests and hooks only; they exist once the block's beforeAll has run.
 */
export function useStack(options: StackOptions = {}): Stack {
  let stack: Stack | undefined;
  const started = (): Stack => {
    if (!stack) throw new Error('the stack starts in beforeAll: read it inside a test or a hook');
    return stack;
  };
  // Starting a local Cognito and a gateway on a loaded machine can take longer than jest's default.
  beforeAll(async () => {
    stack = await startStack(options);
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
  });
  return {
    get cognito() {
      return started().cognito;
    },
    get gateway() {
      return started().gateway;
    },
    get sdk() {
      return started().sdk;
    },
    get adminToken() {
      return started().adminToken;
    },
    stop: () => started().stop(),
  };
}

export function sdkClient(cognito: LocalCognito): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({
    region: cognito.region,
    endpoint: cognito.endpoint,
    maxAttempts: 1,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

/** Signs in straight at Cognito (not through the gateway) to get tokens for a test. */
export async function cognitoTokens(
  cognito: LocalCognito,
  username = ADMIN_USERNAME,
  password = ADMIN_PASSWORD,
): Promise<{ accessToken: string; idToken: string; refreshToken: string }> {
  const result = await sdkClient(cognito).send(
    new InitiateAuthCommand({
      ClientId: cognito.clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD: password },
    }),
  );
  const auth = result.AuthenticationResult;
  if (!auth?.AccessToken || !auth.IdToken || !auth.RefreshToken) throw new Error(`no tokens for ${username}`);
  return { accessToken: auth.AccessToken, idToken: auth.IdToken, refreshToken: auth.RefreshToken };
}
