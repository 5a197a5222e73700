import { AppConfig } from './app-config';
import { ConfigurationError, validateEnv } from './env.validation';

describe('validateEnv', () => {
  it('applies the documented defaults and means local mode without a pool id', () => {
    const config = new AppConfig(validateEnv({}));
    expect(config.port).toBe(3000);
    expect(config.authFlow).toBe('USER_SRP_AUTH');
    expect(config.adminGroup).toBe('admin');
    expect(config.rateLimits).toBe(true);
    expect(config.cognito).toMatchObject({
      mode: 'local',
      port: 9229,
      dataDir: '.local-cognito',
      adminUsername: 'admin',
    });
  });

  it('reads a real pool configuration', () => {
    const config = new AppConfig(
      validateEnv({
        COGNITO_REGION: 'eu-west-1',
        COGNITO_USER_POOL_ID: 'eu-west-1_AbC123',
        COGNITO_CLIENT_ID: 'abc123',
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
      clientSecret: undefined,
      endpoint: 'http://127.0.0.1:9229',
    });
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ AUTH_FLOW: 'CUSTOM_AUTH' }, 'AUTH_FLOW'],
    [{ RATE_LIMITS: 'maybe' }, 'RATE_LIMITS'],
    [{ REDIS_URL: 'localhost:6379' }, 'REDIS_URL'],
    [{ COGNITO_USER_POOL_ID: 'not a pool' }, 'COGNITO_USER_POOL_ID'],
    [{ COGNITO_USER_POOL_ID: 'us-east-1_Abc' }, 'COGNITO_REGION'],
    [{ NODE_ENV: 'production' }, 'COGNITO_USER_POOL_ID'],
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
