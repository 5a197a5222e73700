import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorFunction, HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { TokenVerifier } from '../auth/token-verifier';
import { CognitoSettings } from '../cognito/cognito-settings';
import { plainHttp } from '../common/plain-http';
import { AppConfig } from '../config/app-config';
import { RedisClient } from '../redis/redis.client';

/**
 * Readiness checks of what the gateway cannot work without: Cognito's API, the pool's signing keys and,
 * when configured, Redis (guarded routes refuse to answer without the shared revocation list).
 */
@Injectable()
export class UpstreamHealth {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly settings: CognitoSettings,
    private readonly verifier: TokenVerifier,
    private readonly config: AppConfig,
    @Inject(RedisClient) private readonly redisClient: RedisClient | null,
  ) {}

  readinessChecks(): HealthIndicatorFunction[] {
    const checks = [() => this.cognito(), () => this.jwks()];
    const redis = this.redisClient;
    if (redis) checks.push(() => this.redis(redis));
    return checks;
  }

  /** Any HTTP answer from Cognito's endpoint means it is reachable; a bogus GetUser costs nothing. */
  async cognito(): Promise<HealthIndicatorResult> {
    const indicator = this.health.check('cognito');
    try {
      const response = await plainHttp(this.settings.apiEndpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': 'AWSCognitoIdentityProviderService.GetUser',
        },
        body: JSON.stringify({ AccessToken: 'health-check' }),
        timeoutMs: this.config.cognitoTimeoutMs,
        maxResponseBytes: 64 * 1024,
      });
      return response.status < 500
        ? indicator.up()
        : indicator.down({ reason: `Cognito answered HTTP ${response.status}` });
    } catch (error) {
      return indicator.down({ reason: `Cognito unreachable: ${describe(error)}` });
    }
  }

  async jwks(): Promise<HealthIndicatorResult> {
    const indicator = this.health.check('jwks');
    try {
      await this.verifier.loadKeys();
      return indicator.up();
    } catch (error) {
      return indicator.down({ reason: `Signing keys unavailable: ${describe(error)}` });
    }
  }

  async redis(client: RedisClient): Promise<HealthIndicatorResult> {
    const indicator = this.health.check('redis');
    try {
      await client.ping();
      return indicator.up();
    } catch (error) {
      return indicator.down({ reason: `Redis unreachable: ${(error as Error).message}` });
    }
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return cause ? `${error.name} (${cause})` : error.name;
  }
  return 'unknown error';
}
