import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorFunction, HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { TokenVerifier } from '../auth/token-verifier';
import { CognitoUserApi } from '../cognito/cognito-user-api';
import { RedisClient } from '../redis/redis.client';
import { RevocationStore } from '../revocation/revocation.store';

/**
 * Readiness checks of what the gateway cannot work without: Cognito's API, the pool's signing keys and,
 * when configured, Redis and this instance's copy of the revocation list kept in step with it (guarded
 * routes refuse to answer without the shared revocation list).
 */
@Injectable()
export class UpstreamHealth {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly cognitoApi: CognitoUserApi,
    private readonly verifier: TokenVerifier,
    @Inject(RedisClient) private readonly redisClient: RedisClient | null,
    private readonly revocations: RevocationStore,
  ) {}

  readinessChecks(): HealthIndicatorFunction[] {
    const checks = [() => this.cognito(), () => this.jwks()];
    const redis = this.redisClient;
    if (redis)
      checks.push(
        () => this.redis(redis),
        () => this.revocationList(),
      );
    return checks;
  }

  /** Any answer from Cognito's API below a 5xx means it is up. */
  async cognito(): Promise<HealthIndicatorResult> {
    const indicator = this.health.check('cognito');
    try {
      await this.cognitoApi.ping();
      return indicator.up();
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      return indicator.down({
        reason: status ? `Cognito answered HTTP ${status}` : `Cognito unreachable: ${describe(error)}`,
      });
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

  /** Up while guarded routes can be answered: the replica in step, or out of step for a short while only. */
  revocationList(): Promise<HealthIndicatorResult> {
    const indicator = this.health.check('revocations');
    const reason = this.revocations.unavailableReason();
    return Promise.resolve(reason ? indicator.down({ reason }) : indicator.up());
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const { code, cause } = error as { code?: string; cause?: { code?: string } };
    const detail = code ?? cause?.code;
    // Names only, never messages: this body is public, and messages carry internal addresses.
    const name = error.name === 'Error' ? error.constructor.name : error.name;
    return detail ? `${name} (${detail})` : name;
  }
  return 'unknown error';
}
