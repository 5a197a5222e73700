import { plainToInstance } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsIP,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

/** `<requests>/<seconds>`: at most that many requests in that many seconds, e.g. `10/60`. */
const IsRateLimit = (): PropertyDecorator =>
  Matches(/^[1-9]\d{0,5}\/[1-9]\d{0,5}$/, {
    message: '$property must be <requests>/<seconds>, e.g. 10/60',
  });

const PROXY_ADDRESS = String.raw`(?:loopback|linklocal|uniquelocal|(?:\d{1,3}(?:\.\d{1,3}){3}|[\da-fA-F]*:[\da-fA-F:.]*)(?:\/\d{1,3})?)`;
/** `off`, a hop count, or the proxies' addresses (proxy-addr's syntax, as Fastify's trustProxy takes it). */
const TRUST_PROXY = new RegExp(String.raw`^(?:off|[1-9]|${PROXY_ADDRESS}(?:\s*,\s*${PROXY_ADDRESS})*)$`);

const ATTRIBUTE = String.raw`(?!cognito:)(?!sub\s*(?:,|$))[\w.:-]{1,64}`;
/** `none`, or attribute names; never `cognito:*` (Cognito's own claims) nor `sub` (assigned by the pool). */
const WRITABLE_ATTRIBUTES = new RegExp(String.raw`^\s*(?:none|${ATTRIBUTE}(?:\s*,\s*${ATTRIBUTE})*)\s*$`);

/** The standard OIDC profile attributes: never `*_verified`, `cognito:*`, `custom:*` nor alias-prone names. */
export const DEFAULT_USER_WRITABLE_ATTRIBUTES =
  'name,given_name,family_name,middle_name,nickname,picture,profile,website,gender,birthdate,zoneinfo,locale,address,email,phone_number';

/** Every environment variable the gateway reads; names are the operators' contract (DESIGN.md). */
export class EnvironmentVariables {
  @IsOptional()
  @IsIn(['development', 'production', 'test'])
  NODE_ENV?: string;

  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @Matches(/^(off|\d{1,5})$/, { message: 'METRICS_PORT must be a port number (0-65535) or off' })
  METRICS_PORT = '9464';

  @IsIP(undefined, { message: 'METRICS_HOST must be an IP address, e.g. 127.0.0.1 or 0.0.0.0' })
  METRICS_HOST = '127.0.0.1';

  @IsOptional()
  @Matches(/^[a-z]{2}(-[a-z]+)+-\d$/, { message: 'COGNITO_REGION must look like us-east-1' })
  COGNITO_REGION?: string;

  @IsOptional()
  @Matches(/^[\w-]+_[0-9a-zA-Z]+$/, { message: 'COGNITO_USER_POOL_ID must look like us-east-1_AbCdEf123' })
  COGNITO_USER_POOL_ID?: string;

  @IsOptional()
  @Matches(/^[\w+]+$/, { message: 'COGNITO_CLIENT_ID must be an app client id' })
  COGNITO_CLIENT_ID?: string;

  @IsOptional()
  @IsString()
  COGNITO_CLIENT_SECRET?: string;

  @IsOptional()
  @Matches(/^https?:\/\/[^\s/]+(:\d+)?\/?$/, { message: 'COGNITO_ENDPOINT must be an http(s) origin' })
  COGNITO_ENDPOINT?: string;

  @IsIn(['USER_SRP_AUTH', 'USER_PASSWORD_AUTH'])
  AUTH_FLOW = 'USER_SRP_AUTH';

  @IsString()
  @Matches(/^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u, { message: 'ADMIN_GROUP must be a Cognito group name' })
  ADMIN_GROUP = 'admin';

  @IsOptional()
  @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must start with redis:// or rediss://' })
  REDIS_URL?: string;

  /** The embedded revocation store's SQLite file without REDIS_URL; `:memory:` opts out of durability. */
  @IsOptional()
  @IsString()
  REVOCATION_STORE_PATH?: string;

  /** With REDIS_URL: how long guarded routes may be served from a replica Redis could not refresh. */
  @IsInt()
  @Min(0)
  @Max(600000)
  REVOCATION_MAX_STALENESS_MS = 30000;

  @IsIn(['on', 'off'])
  RATE_LIMITS = 'on';

  @IsRateLimit()
  RATE_LIMIT_IP = '60/60';

  @IsRateLimit()
  RATE_LIMIT_SIGN_IN = '10/60';

  @IsRateLimit()
  RATE_LIMIT_CHALLENGE = '10/60';

  @IsRateLimit()
  RATE_LIMIT_FORGOT_PASSWORD = '5/900';

  @IsRateLimit()
  RATE_LIMIT_CONFIRM_FORGOT_PASSWORD = '10/900';

  @IsRateLimit()
  RATE_LIMIT_REFRESH = '10/60';

  @IsRateLimit()
  RATE_LIMIT_CHANGE_PASSWORD = '5/900';

  @IsRateLimit()
  RATE_LIMIT_PASSWORDLESS_SIGN_IN = '5/900';

  @IsRateLimit()
  RATE_LIMIT_OTP_CHALLENGE = '10/900';

  @IsRateLimit()
  RATE_LIMIT_PASSKEY_SIGN_IN = '10/60';

  @IsRateLimit()
  RATE_LIMIT_PASSKEY_CHALLENGE = '10/60';

  @Matches(WRITABLE_ATTRIBUTES, {
    message:
      'USER_WRITABLE_ATTRIBUTES must be none or comma-separated attribute names, never cognito:* or sub',
  })
  USER_WRITABLE_ATTRIBUTES = DEFAULT_USER_WRITABLE_ATTRIBUTES;

  @Matches(TRUST_PROXY, {
    message:
      'TRUST_PROXY must be off, a hop count (1-9), or comma-separated proxy addresses/CIDRs (or loopback, linklocal, uniquelocal)',
  })
  TRUST_PROXY = 'off';

  @IsString()
  CORS_ORIGINS = '';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'DECOY_SECRET must be at least 32 characters (e.g. openssl rand -base64 32)' })
  DECOY_SECRET?: string;

  @IsInt()
  @Min(100)
  @Max(60000)
  COGNITO_TIMEOUT_MS = 5000;

  @IsInt()
  @Min(1000)
  @Max(600000)
  REQUEST_TIMEOUT_MS = 30000;

  @IsInt()
  @Min(1000)
  @Max(600000)
  HEADERS_TIMEOUT_MS = 10000;

  @IsInt()
  @Min(0)
  @Max(65535)
  LOCAL_COGNITO_PORT = 9229;

  @IsString()
  LOCAL_COGNITO_DIR = '.local-cognito';

  @IsString()
  @Matches(/^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u, { message: 'LOCAL_ADMIN_USERNAME must be a username' })
  LOCAL_ADMIN_USERNAME = 'admin';

  @IsOptional()
  @IsString()
  LOCAL_ADMIN_PASSWORD?: string;
}

export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}

const NUMERIC: ReadonlySet<string> = new Set([
  'PORT',
  'LOCAL_COGNITO_PORT',
  'COGNITO_TIMEOUT_MS',
  'REQUEST_TIMEOUT_MS',
  'HEADERS_TIMEOUT_MS',
  'REVOCATION_MAX_STALENESS_MS',
]);
const KNOWN = Object.keys(new EnvironmentVariables());

/**
 * Validates the raw environment. Throws one ConfigurationError whose message is a single line
 * naming the first bad variable, so a misconfigured process stops with an obvious reason.
 */
export function validateEnv(raw: Record<string, unknown>): EnvironmentVariables {
  const picked: Record<string, unknown> = {};
  for (const key of KNOWN) {
    const value = raw[key];
    if (value === undefined || value === '') continue;
    picked[key] =
      NUMERIC.has(key) && typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  }
  const env = plainToInstance(EnvironmentVariables, picked);
  const errors = validateSync(env);
  if (errors.length > 0) {
    const first = errors[0];
    const reason = Object.values(first.constraints ?? {})[0] ?? 'is invalid';
    throw new ConfigurationError(`Invalid configuration: ${first.property}: ${reason}`);
  }
  if (env.METRICS_PORT !== 'off' && Number(env.METRICS_PORT) > 65535) {
    throw new ConfigurationError(
      'Invalid configuration: METRICS_PORT must be a port number (0-65535) or off',
    );
  }
  if (env.METRICS_PORT !== 'off' && env.PORT !== 0 && Number(env.METRICS_PORT) === env.PORT) {
    throw new ConfigurationError(
      'Invalid configuration: METRICS_PORT must differ from PORT (metrics are not served on the public port)',
    );
  }
  if (env.HEADERS_TIMEOUT_MS > env.REQUEST_TIMEOUT_MS) {
    throw new ConfigurationError(
      'Invalid configuration: HEADERS_TIMEOUT_MS must not be greater than REQUEST_TIMEOUT_MS',
    );
  }
  const cognitoKeys = ['COGNITO_REGION', 'COGNITO_USER_POOL_ID', 'COGNITO_CLIENT_ID'] as const;
  if (env.COGNITO_USER_POOL_ID) {
    const missing = cognitoKeys.find((key) => !env[key]);
    if (missing)
      throw new ConfigurationError(`Invalid configuration: ${missing} is required with COGNITO_USER_POOL_ID`);
  } else if (env.NODE_ENV === 'production') {
    throw new ConfigurationError(
      'Invalid configuration: COGNITO_USER_POOL_ID is required when NODE_ENV=production (local mode is for development only)',
    );
  } else if (env.COGNITO_CLIENT_SECRET) {
    // Local mode makes its own app client; a secret meant for a real one would be silently unused.
    throw new ConfigurationError(
      'Invalid configuration: COGNITO_CLIENT_SECRET is set without COGNITO_USER_POOL_ID (local mode has its own app client)',
    );
  }
  if (env.REDIS_URL && env.REVOCATION_STORE_PATH) {
    throw new ConfigurationError(
      'Invalid configuration: REVOCATION_STORE_PATH is set with REDIS_URL (revocations are kept in Redis then)',
    );
  }
  if (env.NODE_ENV === 'production' && !env.REDIS_URL && !env.REVOCATION_STORE_PATH) {
    // A default path would most often land in a container's throw-away file system: every deploy would
    // forget the sign-outs, silently. Only the operator knows where a persistent volume is mounted.
    throw new ConfigurationError(
      'Invalid configuration: REVOCATION_STORE_PATH is required when NODE_ENV=production without REDIS_URL (a file on a persistent volume, so that sign-outs survive restarts; or :memory: to accept that a restart forgets them)',
    );
  }
  return env;
}
