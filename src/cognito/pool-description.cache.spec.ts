import type { UserPoolType } from '@aws-sdk/client-cognito-identity-provider';
import { CognitoAdminApi } from './cognito-admin-api';
import {
  POOL_DESCRIPTION_RETRY_MS,
  POOL_DESCRIPTION_TTL_MS,
  PoolDescriptionCache,
} from './pool-description.cache';

/** DescribeUserPool stubbed: answers the queued results in turn, counting the calls. */
function describedAs(...answers: (UserPoolType | Error)[]) {
  const calls = { count: 0 };
  const api = {
    describeUserPool: () => {
      const answer = answers[Math.min(calls.count++, answers.length - 1)];
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
    },
  } as unknown as CognitoAdminApi;
  return { cache: new PoolDescriptionCache(api), calls };
}

describe('PoolDescriptionCache', () => {
  let now: jest.SpyInstance<number, []>;
  beforeEach(() => {
    now = jest.spyOn(Date, 'now').mockReturnValue(1_000_000);
  });
  afterEach(() => jest.restoreAllMocks());

  it('concurrent readers share one call, and the description is kept for its lifetime', async () => {
    const { cache, calls } = describedAs({ Name: 'first' }, { Name: 'second' });
    await Promise.all([cache.get(), cache.get(), cache.get()]);
    now.mockReturnValue(1_000_000 + POOL_DESCRIPTION_TTL_MS - 1);
    await expect(cache.get()).resolves.toEqual({ Name: 'first' });
    expect(calls.count).toBe(1);
    now.mockReturnValue(1_000_000 + POOL_DESCRIPTION_TTL_MS);
    await expect(cache.get()).resolves.toEqual({ Name: 'second' });
  });

  it('a failure is remembered for a moment only, with no description to fall back on', async () => {
    const { cache, calls } = describedAs(new Error('down'), { Name: 'back' });
    await expect(cache.get()).rejects.toThrow('down');
    await expect(cache.get()).rejects.toThrow('down');
    expect(calls.count).toBe(1);
    now.mockReturnValue(1_000_000 + POOL_DESCRIPTION_RETRY_MS);
    await expect(cache.get()).resolves.toEqual({ Name: 'back' });
  });

  it('when a refresh fails, the last description read still answers', async () => {
    const { cache, calls } = describedAs({ Name: 'first' }, new Error('down'), { Name: 'third' });
    await cache.get();
    now.mockReturnValue(1_000_000 + POOL_DESCRIPTION_TTL_MS);
    await expect(cache.get()).resolves.toEqual({ Name: 'first' });
    await expect(cache.get()).resolves.toEqual({ Name: 'first' });
    expect(calls.count).toBe(2);
    now.mockReturnValue(1_000_000 + POOL_DESCRIPTION_TTL_MS + POOL_DESCRIPTION_RETRY_MS);
    await expect(cache.get()).resolves.toEqual({ Name: 'third' });
  });
});
