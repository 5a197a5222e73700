import Fastify from 'fastify';
import { AppConfig, fastifyTrustProxy } from './app-config';
import { ConfigurationError, validateEnv } from './env.validation';

const AWS_POOL = {
  COGNITO_REGION: 'us-east-1',
  COGNITO_USER_POOL_ID: 'us-east-1_Abc123',
  COGNITO_CLIENT_ID: 'client123',
};

describe('validateEnv', () => {
  it('applies the documented defaults and means local mode without a pool id', () => {
    const config = new AppConfig(validateEnv({}));
    expect(config.port).toBe(3000);
    expect(config.authFlow).toBe('USER_SRP_AUTH');
    expect(config.adminGroup).toBe('admin');
    expect(config.rateLimits).toBe(true);
    expect(config.rateLimitRules).toEqual({
      perIp: { limit: 60, windowSeconds: 60 },
      signIn: { limit: 10, windowSeconds: 60 },
      challenge: { limit: 10, windowSeconds: 60 },
      forgotPassword: { limit: 5, windowSeconds: 900 },
      confirmForgotPassword: { limit: 10, windowSeconds: 900 },
      refresh: { limit: 10, windowSeconds: 60 },
      changePassword: { limit: 5, windowSeconds: 900 },
      passwordlessSignIn: { limit: 5, windowSeconds: 900 },
      otpChallenge: { limit: 10, windowSeconds: 900 },
      passkeySignIn: { limit: 10, windowSeconds: 60 },
      passkeyChallenge: { limit: 10, windowSeconds: 60 },
    });
    expect(config.trustProxy).toBe(false);
    expect(config.userWritableAttributes).toContain('given_name');
    expect(config.userWritableAttributes.filter((name) => /_verified$|:/.test(name))).toEqual([]);
    expect(config.cognito).toMatchObject({
      mode: 'local',
      port: 9229,
      dataDir: '.local-cognito',
      adminUsername: 'admin',
    });
  });

  it('serves metrics on 127.0.0.1:9464 by default, elsewhere or not at all when told', () => {
    expect(new AppConfig(validateEnv({})).metricsListener).toEqual({ port: 9464, host: '127.0.0.1' });
    expect(
      new AppConfig(validateEnv({ METRICS_PORT: '9100', METRICS_HOST: '0.0.0.0' })).metricsListener,
    ).toEqual({ port: 9100, host: '0.0.0.0' });
    expect(new AppConfig(validateEnv({ METRICS_PORT: 'off' })).metricsListener).toBeUndefined();
  });

  it('reads a real pool configuration', () => {
    const config = new AppConfig(
      validateEnv({
        COGNITO_REGION: 'eu-west-1',
        COGNITO_USER_POOL_ID: 'eu-west-1_AbC123',
        COGNITO_CLIENT_ID: 'abc123',
        COGNITO_CLIENT_SECRET: 'client-secret',
        COGNITO_ENDPOINT: 'http://127.0.0.1:9229/',
        CORS_ORIGINS: 'https://a.example, https://b.example',
        PORT: '8080',
      }),
    );
    expect(config.port).toBe(8080);
    expect(config.corsOrigins).toEqual(['https://a.example', 'https://b.example']);
    expect(config.cognito).toEqual({
      mode: 'aws',
      region: 'eu-west-1',
      userPoolId: 'eu-west-1_AbC123',
      clientId: 'abc123',
      clientSecret: 'client-secret',
      endpoint: 'http://127.0.0.1:9229',
    });
  });

  it('reads USER_WRITABLE_ATTRIBUTES as a list of names, or none', () => {
    const listed = new AppConfig(
      validateEnv({ USER_WRITABLE_ATTRIBUTES: 'name, custom:team,email_verified' }),
    );
    expect(listed.userWritableAttributes).toEqual(['name', 'custom:team', 'email_verified']);
    expect(new AppConfig(validateEnv({ USER_WRITABLE_ATTRIBUTES: 'none' })).userWritableAttributes).toEqual(
      [],
    );
  });

  it('reads rate limits as <requests>/<seconds> and TRUST_PROXY as hops or proxy addresses', () => {
    const env = { RATE_LIMIT_SIGN_IN: '3/2', RATE_LIMIT_REFRESH: '100/3600' };
    const config = new AppConfig(validateEnv({ ...env, TRUST_PROXY: '1' }));
    expect(config.rateLimitRules.signIn).toEqual({ limit: 3, windowSeconds: 2 });
    expect(config.rateLimitRules.refresh).toEqual({ limit: 100, windowSeconds: 3600 });
    expect(config.trustProxy).toBe(1);
    expect(new AppConfig(validateEnv({ TRUST_PROXY: '10.0.0.0/8, 192.0.2.1,::1' })).trustProxy).toEqual([
      '10.0.0.0/8',
      '192.0.2.1',
      '::1',
    ]);
    expect(new AppConfig(validateEnv({ TRUST_PROXY: 'loopback' })).trustProxy).toEqual(['loopback']);
  });

  it('gives Fastify a TRUST_PROXY hop count as a trust function: the client IP is that many hops back', async () => {
    const app = Fastify({ trustProxy: fastifyTrustProxy(2) });
    app.get('/ip', (request) => ({ ip: request.ip }));
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const ip = async (xff?: string) =>
      (
        (await (await fetch(`${base}/ip`, { headers: xff ? { 'x-forwarded-for': xff } : {} })).json()) as {
          ip: string;
        }
      ).ip;
    // The socket peer (hop 0, 127.0.0.1 here) and one proxy before it are trusted.
    expect(await ip('203.0.113.7, 198.51.100.2')).toBe('203.0.113.7');
    expect(await ip('192.0.2.9, 203.0.113.7, 198.51.100.2')).toBe('203.0.113.7');
    expect(await ip('198.51.100.2')).toBe('198.51.100.2');
    expect(await ip()).toBe('127.0.0.1');
    await app.close();
    expect(fastifyTrustProxy(false)).toBe(false);
    expect(fastifyTrustProxy(['loopback'])).toEqual(['loopback']);
  });

  it('chooses where revocations live: Redis, the file named, local mode’s folder, or memory', () => {
    const storage = (env: Record<string, string>) => new AppConfig(validateEnv(env)).revocations;
    const production = { ...AWS_POOL, NODE_ENV: 'production' };
    expect(storage({ ...production, REDIS_URL: 'redis://r' })).toEqual({
      kind: 'redis',
      maxStalenessMs: 30000,
    });
    expect(storage({ ...production, REVOCATION_STORE_PATH: '/data/r.sqlite' })).toEqual({
      kind: 'file',
      path: '/data/r.sqlite',
    });
    expect(storage({ ...production, REVOCATION_STORE_PATH: ':memory:' })).toEqual({
      kind: 'memory',
      explicit: true,
    });
    expect(storage({ LOCAL_COGNITO_DIR: '/tmp/lc' })).toEqual({
      kind: 'file',
      path: '/tmp/lc/revocations.sqlite',
    });
    expect(storage(AWS_POOL)).toEqual({ kind: 'memory', explicit: false });
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ AUTH_FLOW: 'CUSTOM_AUTH' }, 'AUTH_FLOW'],
    [{ RATE_LIMITS: 'maybe' }, 'RATE_LIMITS'],
    [{ RATE_LIMIT_SIGN_IN: '10' }, 'RATE_LIMIT_SIGN_IN'],
    [{ RATE_LIMIT_IP: '0/60' }, 'RATE_LIMIT_IP'],
    [{ RATE_LIMIT_REFRESH: 'ten/60' }, 'RATE_LIMIT_REFRESH'],
    [{ RATE_LIMIT_FORGOT_PASSWORD: '5/0' }, 'RATE_LIMIT_FORGOT_PASSWORD'],
    [{ TRUST_PROXY: 'on' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: 'proxy.example' }, 'TRUST_PROXY'],
    [{ REDIS_URL: 'localhost:6379' }, 'REDIS_URL'],
    [{ COGNITO_USER_POOL_ID: 'not a pool' }, 'COGNITO_USER_POOL_ID'],
    [{ COGNITO_USER_POOL_ID: 'us-east-1_Abc' }, 'COGNITO_REGION'],
    [{ NODE_ENV: 'production' }, 'COGNITO_USER_POOL_ID'],
    [{ COGNITO_CLIENT_SECRET: 's3cr3t' }, 'COGNITO_CLIENT_SECRET'],
    [{ USER_WRITABLE_ATTRIBUTES: 'name,cognito:groups' }, 'USER_WRITABLE_ATTRIBUTES'],
    [{ USER_WRITABLE_ATTRIBUTES: 'sub' }, 'USER_WRITABLE_ATTRIBUTES'],
    [{ USER_WRITABLE_ATTRIBUTES: 'name,,email' }, 'USER_WRITABLE_ATTRIBUTES'],
    [{ ...AWS_POOL, NODE_ENV: 'production' }, 'REVOCATION_STORE_PATH'],
    [{ REDIS_URL: 'redis://r', REVOCATION_STORE_PATH: '/data/r.sqlite' }, 'REVOCATION_STORE_PATH'],
    [{ REVOCATION_MAX_STALENESS_MS: '-1' }, 'REVOCATION_MAX_STALENESS_MS'],
    [{ METRICS_PORT: 'on' }, 'METRICS_PORT'],
    [{ METRICS_PORT: '70000' }, 'METRICS_PORT'],
    [{ METRICS_PORT: '3000' }, 'METRICS_PORT'],
    [{ METRICS_HOST: 'metrics.example' }, 'METRICS_HOST'],
    [{ DECOY_SECRET: 'short' }, 'DECOY_SECRET'],
  ])('%j stops with one line naming %s', (env, variable) => {
    expect(() => validateEnv(env)).toThrow(ConfigurationError);
    try {
      validateEnv(env);
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain(variable);
      expect(message).not.toContain('\n');
    }
  });
});
