import type { UserPoolType } from '@aws-sdk/client-cognito-identity-provider';
import { Injectable } from '@nestjs/common';
import { CognitoAdminApi } from '../cognito/cognito-admin-api';

/** How long the pool's schema and password policy are trusted before DescribeUserPool is asked again. */
export const POOL_DESCRIPTION_TTL_MS = 5 * 60 * 1000;

/** DescribeUserPool, cached: the schema and password policy change rarely and are read on every create. */
@Injectable()
export class PoolDescriptionCache {
  private cached?: { expiresAt: number; value: Promise<UserPoolType> };

  constructor(private readonly cognito: CognitoAdminApi) {}

  get(): Promise<UserPoolType> {
    const now = Date.now();
    if (!this.cached || this.cached.expiresAt <= now) {
      const value = this.cognito.describeUserPool();
      // A failure is not kept: the next request asks again.
      value.catch(() => {
        if (this.cached?.value === value) this.cached = undefined;
      });
      this.cached = { expiresAt: now + POOL_DESCRIPTION_TTL_MS, value };
    }
    return this.cached.value;
  }
}
