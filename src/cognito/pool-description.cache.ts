import type { UserPoolType } from '@aws-sdk/client-cognito-identity-provider';
import { Injectable } from '@nestjs/common';
import { CognitoAdminApi } from './cognito-admin-api';

/** How long the pool's schema and password policy are trusted before DescribeUserPool is asked again. */
export const POOL_DESCRIPTION_TTL_MS = 5 * 60 * 1000;
/** After a failed DescribeUserPool, how long before it is asked again. */
export const POOL_DESCRIPTION_RETRY_MS = 1000;

/**
 * DescribeUserPool, cached: the schema and password policy change rarely, and are read on every admin
 * create and by a public route. Concurrent readers share one call. A failed call is remembered for a
 * second only, and meanwhile the last description that was read, if any, still answers: a stranger
 * hammering the public route during an outage costs Cognito at most one call a second.
 */
@Injectable()
export class PoolDescriptionCache {
  private entry?: { value: Promise<UserPoolType>; until: number };
  private lastRead?: UserPoolType;

  constructor(private readonly cognito: CognitoAdminApi) {}

  get(): Promise<UserPoolType> {
    if (!this.entry || this.entry.until <= Date.now()) {
      const entry = { value: Promise.resolve({}), until: Number.POSITIVE_INFINITY };
      entry.value = this.describe(entry);
      this.entry = entry;
    }
    return this.entry.value;
  }

  private async describe(entry: { until: number }): Promise<UserPoolType> {
    try {
      const description = await this.cognito.describeUserPool();
      this.lastRead = description;
      entry.until = Date.now() + POOL_DESCRIPTION_TTL_MS;
      return description;
    } catch (error) {
      entry.until = Date.now() + POOL_DESCRIPTION_RETRY_MS;
      if (this.lastRead) return this.lastRead;
      throw error;
    }
  }
}
