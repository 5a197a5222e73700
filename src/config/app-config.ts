import * as path from 'node:path';

import { EnvironmentVariables } from './env.validation';

export type AuthFlow = 'USER_SRP_AUTH' | 'USER_PASSWORD_AUTH';

/** Where Cognito is: AWS (or an endpoint override), or the embedded local Cognito started at boot. */
export type CognitoTarget =
  | {
      mode: 'aws';
      region: string;
      userPoolId: string;
      clientId: string;
      clientSecret?: string;
      endpoint?: string;
    }
  | {
      mode: 'local';
      port: number;
      dataDir: string;
      adminUsername: string;
      adminPassword?: string;
    };

/**
 * Where revocations live: Redis shared by every instance, a SQLite file of this instance's own, or only
 * this instance's memory (forgotten on restart).
 */
export type RevocationStorage =
  | { kind: 'redis'; maxStalenessMs: number }
  | { kind: 'file'; path: string }
  | { kind: 'memory'; explicit: boolean };

/** At most `limit` requests per `windowSeconds`. */
export interface RateLimitRule {
  limit: number;
  windowSeconds: number;
}

/** The limits on credential-guessing routes: one budget per client IP, one per target of each kind. */
export interface RateLimitRules {
  perIp: RateLimitRule;
  signIn: RateLimitRule;
  challenge: RateLimitRule;
  forgotPassword: RateLimitRule;
  confirmForgotPassword: RateLimitRule;
  refresh: RateLimitRule;
  changePassword: RateLimitRule;
  /** Sign-in codes sent per username. */
  passwordlessSignIn: RateLimitRule;
  /** Sign-in codes tried per username. */
  otpChallenge: RateLimitRule;
  /** Passkey sign-ins started per username. */
  passkeySignIn: RateLimitRule;
  /** Passkey answers per username. */
  passkeyChallenge: RateLimitRule;
}

/** Fastify's `trustProxy`: off, a number of proxy hops, or the proxies' addresses. */
export type TrustProxy = false | number | string[];

/**
 * TRUST_PROXY as Fastify's `trustProxy`. Since Fastify 5.12 a number there trusts no hop at all (X-Forwarded-For
 * would be silently ignored), so a hop count keeps its documented meaning through the trust function Fastify
 * used to build for it: the socket peer and the `hops - 1` addresses before it are trusted proxies.
 */
export function fastifyTrustProxy(
  trustProxy: TrustProxy,
): false | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trustProxy !== 'number') return trustProxy;
  return (_address, hop) => hop < trustProxy;
}

/** Where /metrics is served: a listener of its own, apart from the public API. */
export interface MetricsListener {
  port: number;
  host: string;
}

/** The typed configuration every other class receives by injection. */
export class AppConfig {
  readonly port: number;
  /** Undefined when METRICS_PORT=off: no metrics served at all. */
  readonly metricsListener?: MetricsListener;
  readonly production: boolean;
  readonly cognito: CognitoTarget;
  readonly cognitoTimeoutMs: number;
  /** How long a client may take to send a whole request, and its headers. */
  readonly requestTimeoutMs: number;
  readonly headersTimeoutMs: number;
  readonly authFlow: AuthFlow;
  readonly adminGroup: string;
  readonly redisUrl?: string;
  readonly revocations: RevocationStorage;
  readonly rateLimits: boolean;
  readonly rateLimitRules: RateLimitRules;
  readonly trustProxy: TrustProxy;
  readonly corsOrigins: string[];
  /** The attributes users may write on themselves (PATCH /auth/me, the new-password challenge). */
  readonly userWritableAttributes: readonly string[];
  readonly logLevel: string;
  /** Key of the decoy answers given for unknown users; unset, local mode keeps one and AWS mode makes one per process. */
  readonly decoySecret?: string;

  constructor(env: EnvironmentVariables) {
    this.port = env.PORT;
    if (env.METRICS_PORT !== 'off')
      this.metricsListener = { port: Number(env.METRICS_PORT), host: env.METRICS_HOST };
    this.production = env.NODE_ENV === 'production';
    this.cognito = env.COGNITO_USER_POOL_ID
      ? {
          mode: 'aws',
          region: env.COGNITO_REGION!,
          userPoolId: env.COGNITO_USER_POOL_ID,
          clientId: env.COGNITO_CLIENT_ID!,
          clientSecret: env.COGNITO_CLIENT_SECRET,
          endpoint: env.COGNITO_ENDPOINT?.replace(/\/$/, ''),
        }
      : {
          mode: 'local',
          port: env.LOCAL_COGNITO_PORT,
          dataDir: env.LOCAL_COGNITO_DIR,
          adminUsername: env.LOCAL_ADMIN_USERNAME,
          adminPassword: env.LOCAL_ADMIN_PASSWORD,
        };
    this.cognitoTimeoutMs = env.COGNITO_TIMEOUT_MS;
    this.requestTimeoutMs = env.REQUEST_TIMEOUT_MS;
    this.headersTimeoutMs = env.HEADERS_TIMEOUT_MS;
    this.authFlow = env.AUTH_FLOW as AuthFlow;
    this.adminGroup = env.ADMIN_GROUP;
    this.redisUrl = env.REDIS_URL;
    this.revocations = revocationStorage(env, this.cognito);
    this.rateLimits = env.RATE_LIMITS === 'on';
    this.rateLimitRules = {
      perIp: rule(env.RATE_LIMIT_IP),
      signIn: rule(env.RATE_LIMIT_SIGN_IN),
      challenge: rule(env.RATE_LIMIT_CHALLENGE),
      forgotPassword: rule(env.RATE_LIMIT_FORGOT_PASSWORD),
      confirmForgotPassword: rule(env.RATE_LIMIT_CONFIRM_FORGOT_PASSWORD),
      refresh: rule(env.RATE_LIMIT_REFRESH),
      changePassword: rule(env.RATE_LIMIT_CHANGE_PASSWORD),
      passwordlessSignIn: rule(env.RATE_LIMIT_PASSWORDLESS_SIGN_IN),
      otpChallenge: rule(env.RATE_LIMIT_OTP_CHALLENGE),
      passkeySignIn: rule(env.RATE_LIMIT_PASSKEY_SIGN_IN),
      passkeyChallenge: rule(env.RATE_LIMIT_PASSKEY_CHALLENGE),
    };
    this.trustProxy = trustProxy(env.TRUST_PROXY);
    this.corsOrigins = env.CORS_ORIGINS.split(',')
      .map((origin) => origin.trim())
      .filter(Boolean);
    this.logLevel = env.LOG_LEVEL;
    this.userWritableAttributes =
      env.USER_WRITABLE_ATTRIBUTES.trim() === 'none'
        ? []
        : env.USER_WRITABLE_ATTRIBUTES.split(',').map((name) => name.trim());
    this.decoySecret = env.DECOY_SECRET;
  }
}

function revocationStorage(env: EnvironmentVariables, cognito: CognitoTarget): RevocationStorage {
  if (env.REDIS_URL) return { kind: 'redis', maxStalenessMs: env.REVOCATION_MAX_STALENESS_MS };
  const file = env.REVOCATION_STORE_PATH;
  if (file === ':memory:') return { kind: 'memory', explicit: true };
  if (file) return { kind: 'file', path: path.resolve(file) };
  // Local mode keeps its revocations beside the local Cognito's users, so both survive a restart together.
  if (cognito.mode === 'local')
    return { kind: 'file', path: path.resolve(cognito.dataDir, 'revocations.sqlite') };
  return { kind: 'memory', explicit: false };
}

/** `10/60` (validated) → 10 requests per 60 seconds. */
function rule(value: string): RateLimitRule {
  const [limit, windowSeconds] = value.split('/').map(Number);
  return { limit, windowSeconds };
}

function trustProxy(value: string): TrustProxy {
  if (value === 'off') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value.split(',').map((address) => address.trim());
}
