/**
 * The Redis measures: guarded req/s of a gateway whose revocations come from Redis (through its in-memory
 * replica) against one without Redis, taking turns; and how long a revocation made on one instance takes
 * to be refused by another. A real redis-server, started here (test/support/redis.ts).
 */
import type autocannon from 'autocannon';
import * as path from 'node:path';
import { TestRedis } from '../test/support/redis';
import { load, perSecond } from './measures';
import { plan } from './plan';
import { Emulator, startGateway, stop } from './processes';
import { RedisRatios } from './report';
import { PASSWORD, USERNAME } from './sign-in';

async function signInTokens(url: string): Promise<{ accessToken: string; refreshToken: string }> {
  const response = await fetch(`${url}/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: USERNAME, password: PASSWORD }),
  });
  const body = (await response.json()) as { tokens?: { accessToken: string; refreshToken: string } };
  if (!body.tokens) throw new Error(`sign-in failed: ${response.status}`);
  return body.tokens;
}

async function sessionStatus(url: string, accessToken: string): Promise<number> {
  const response = await fetch(`${url}/auth/session`, {
    headers: { authorization: `Bearer ${accessToken}` },
  });
  await response.arrayBuffer();
  return response.status;
}

/**
 * One trial: B is polled back to back while A revokes the session's refresh token; the delay runs from
 * A's answer (the revocation recorded) to the answer of B's first 401, so it includes up to one poll's
 * round trip (returned too). B may refuse before A answers: 0 then.
 */
async function propagation(a: string, b: string): Promise<{ delayMs: number; pollMs: number }> {
  const tokens = await signInTokens(a);
  if ((await sessionStatus(b, tokens.accessToken)) !== 200) throw new Error('B refused a fresh token');
  const polls: number[] = [];
  const refused = (async () => {
    for (const deadline = Date.now() + 10_000; Date.now() < deadline;) {
      const sent = performance.now();
      const status = await sessionStatus(b, tokens.accessToken);
      polls.push(performance.now() - sent);
      if (status === 401) return performance.now();
    }
    throw new Error('B still accepts a revoked token after 10 s');
  })();
  const revoke = await fetch(`${a}/auth/revoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ refreshToken: tokens.refreshToken }),
  });
  const answeredAt = performance.now();
  if (revoke.status !== 204) throw new Error(`revoke answered ${revoke.status}`);
  const delayMs = Math.max(0, (await refused) - answeredAt);
  return { delayMs, pollMs: polls.sort((x, y) => x - y)[Math.floor(polls.length / 2)] };
}

export async function redisMeasures(
  emulator: Emulator,
  dataDir: string,
  progress: (message: string) => void,
): Promise<RedisRatios> {
  const redis = await TestRedis.start({ appendOnly: true });
  try {
    progress('Redis: a gateway with REDIS_URL (two instances) and one without');
    const withoutRedis = await startGateway(emulator, 'USER_PASSWORD_AUTH', {
      REVOCATION_STORE_PATH: path.join(dataDir, 'redis-bench-revocations.sqlite'),
    });
    const a = await startGateway(emulator, 'USER_PASSWORD_AUTH', { REDIS_URL: redis.url });
    const b = await startGateway(emulator, 'USER_PASSWORD_AUTH', { REDIS_URL: redis.url });

    const bearer = { authorization: `Bearer ${(await signInTokens(a.url)).accessToken}` };
    progress('Redis: warm-up');
    await load(`${withoutRedis.url}/auth/session`, bearer, plan.warmUpSeconds);
    await load(`${a.url}/auth/session`, bearer, plan.warmUpSeconds);
    const withRuns: autocannon.Result[] = [];
    const withoutRuns: autocannon.Result[] = [];
    // Rounds that take turns, so that the machine's drift weighs on both alike.
    for (let round = 0; round < plan.loadRounds; round++) {
      progress(`Redis: load round ${round + 1}/${plan.loadRounds}, ${plan.loadSeconds}s each`);
      withoutRuns.push(await load(`${withoutRedis.url}/auth/session`, bearer));
      withRuns.push(await load(`${a.url}/auth/session`, bearer));
    }
    const failed = [...withRuns, ...withoutRuns].filter((run) => run.non2xx > 0 || run.errors > 0);
    if (failed.length > 0)
      throw new Error(`failed requests in the Redis load runs: ${failed.map((r) => r.url).join(', ')}`);
    await stop(withoutRedis.child);

    progress(`Redis: propagation, ${plan.propagationTrials} revocations on A polled on B`);
    const trials: { delayMs: number; pollMs: number }[] = [];
    for (let trial = 0; trial < plan.propagationTrials; trial++) trials.push(await propagation(a.url, b.url));
    const median = (values: number[]) => values.sort((x, y) => x - y)[Math.floor(values.length / 2)];
    const delays = trials.map((trial) => trial.delayMs).sort((x, y) => x - y);
    await Promise.all([stop(a.child), stop(b.child)]);

    const [withRate, withoutRate] = [perSecond(withRuns), perSecond(withoutRuns)];
    return {
      throughput: { ratio: withRate / withoutRate, withRedis: withRate, withoutRedis: withoutRate },
      propagation: {
        p50: median(delays),
        max: delays[delays.length - 1],
        pollP50: median(trials.map((trial) => trial.pollMs)),
        trials: delays.length,
      },
    };
  } finally {
    await redis.close();
  }
}
