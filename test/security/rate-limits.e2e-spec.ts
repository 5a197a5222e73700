import { createUser, PASSWORD, signIn, uniqueUsername } from '../support/auth-helpers';
import { cognitoEnv, HttpResult, startGateway, useStack } from '../support/harness';
import { forwardedFor, nextClientIp, retryAfterSeconds, sleep } from '../support/security-helpers';

const WRONG = 'Wr0ng#Passw0rd';

function expectTooMany(res: HttpResult, maxRetryAfter: number): number {
  expect({ status: res.status, body: res.body }).toEqual({
    status: 429,
    body: { statusCode: 429, code: 'TOO_MANY_REQUESTS', message: expect.any(String) },
  });
  const retryAfter = retryAfterSeconds(res.headers);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(maxRetryAfter);
  return retryAfter;
}

describe('brute-force limits behind a trusted proxy (default per-username limits)', () => {
  const stack = useStack({ env: { RATE_LIMITS: 'on', TRUST_PROXY: 'loopback', RATE_LIMIT_IP: '20/60' } });

  const signInFrom = (ip: string, username: string, password = WRONG) =>
    stack.gateway.post('/auth/sign-in', { body: { username, password }, headers: forwardedFor(ip) });

  it('the 11th sign-in for one username in a minute is 429 from any IP and in any case; other users are unaffected', async () => {
    const victim = await createUser(stack.cognito, uniqueUsername('victim'), { permanentPassword: PASSWORD });
    for (let attempt = 0; attempt < 10; attempt++) {
      const username = attempt % 2 ? victim.username.toUpperCase() : victim.username;
      expect((await signInFrom(nextClientIp(), username)).status).toBe(401);
    }
    expectTooMany(await signInFrom(nextClientIp(), victim.username, PASSWORD), 60);
    expectTooMany(await signInFrom(nextClientIp(), victim.username.toUpperCase()), 60);

    const other = await createUser(stack.cognito, uniqueUsername('other'), { permanentPassword: PASSWORD });
    const res = await signInFrom(nextClientIp(), other.username, PASSWORD);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('AUTHENTICATED');
  });

  it('one IP trying many usernames hits the IP limit, shared by every limited route; other IPs go on', async () => {
    const attacker = nextClientIp();
    for (let attempt = 0; attempt < 20; attempt++) {
      expect((await signInFrom(attacker, uniqueUsername('guess'))).status).toBe(401);
    }
    expectTooMany(await signInFrom(attacker, uniqueUsername('guess')), 60);
    const forgot = await stack.gateway.post('/auth/forgot-password', {
      body: { username: uniqueUsername('guess') },
      headers: forwardedFor(attacker),
    });
    expectTooMany(forgot, 60);
    expect((await signInFrom(nextClientIp(), uniqueUsername('guess'))).status).toBe(401);
  });

  it('refresh is limited per refresh token: the 11th use in a minute is 429, another token still works', async () => {
    const { username } = await createUser(stack.cognito, uniqueUsername('refresher'), {
      permanentPassword: PASSWORD,
    });
    const tokens = await signIn(stack.gateway, username, PASSWORD);
    const refresh = (refreshToken: string) =>
      stack.gateway.post('/auth/refresh', { body: { refreshToken }, headers: forwardedFor(nextClientIp()) });
    for (let attempt = 0; attempt < 10; attempt++) {
      expect((await refresh(tokens.refreshToken)).status).toBe(200);
    }
    expectTooMany(await refresh(tokens.refreshToken), 60);
    const second = await signIn(stack.gateway, username, PASSWORD);
    expect((await refresh(second.refreshToken)).status).toBe(200);
  });

  it('forgot-password allows 5 codes per username in 15 minutes, for unknown users the same as known ones', async () => {
    const known = await createUser(stack.cognito, uniqueUsername('forgetful'), {
      permanentPassword: PASSWORD,
    });
    for (const username of [known.username, uniqueUsername('ghost')]) {
      const forgot = () =>
        stack.gateway.post('/auth/forgot-password', {
          body: { username },
          headers: forwardedFor(nextClientIp()),
        });
      for (let attempt = 0; attempt < 5; attempt++) expect((await forgot()).status).toBe(202);
      expectTooMany(await forgot(), 900);
    }
  });

  it('forgot-password/confirm allows 10 codes per username in 15 minutes', async () => {
    const { username } = await createUser(stack.cognito, uniqueUsername('confirmer'), {
      permanentPassword: PASSWORD,
    });
    const confirm = () =>
      stack.gateway.post('/auth/forgot-password/confirm', {
        body: { username, code: '000000', newPassword: 'N3w#Passw0rd' },
        headers: forwardedFor(nextClientIp()),
      });
    for (let attempt = 0; attempt < 10; attempt++) expect((await confirm()).status).toBe(400);
    expectTooMany(await confirm(), 900);
  });

  it('both challenge routes share one budget per username: 10 answers a minute', async () => {
    const username = uniqueUsername('challenged');
    const session = 'x'.repeat(40);
    const answer = (attempt: number) =>
      attempt % 2
        ? stack.gateway.post('/auth/challenges/mfa', {
            body: { username, session, code: '123456' },
            headers: forwardedFor(nextClientIp()),
          })
        : stack.gateway.post('/auth/challenges/new-password', {
            body: { username, session, newPassword: 'N3w#Passw0rd' },
            headers: forwardedFor(nextClientIp()),
          });
    for (let attempt = 0; attempt < 10; attempt++) expect((await answer(attempt)).status).toBe(400);
    expectTooMany(await answer(10), 60);
    expectTooMany(await answer(11), 60);
  });
});

describe('brute-force limits without a trusted proxy (small windows)', () => {
  const stack = useStack({ env: { RATE_LIMITS: 'on', RATE_LIMIT_IP: '6/4', RATE_LIMIT_SIGN_IN: '3/4' } });

  it('X-Forwarded-For is ignored unless TRUST_PROXY says so: one socket, one IP budget', async () => {
    let res: HttpResult | undefined;
    for (let attempt = 0; attempt < 6; attempt++) {
      res = await stack.gateway.post('/auth/sign-in', {
        body: { username: uniqueUsername('spoof'), password: WRONG },
        headers: forwardedFor(nextClientIp()),
      });
      expect(res.status).toBe(401);
    }
    res = await stack.gateway.post('/auth/sign-in', {
      body: { username: uniqueUsername('spoof'), password: WRONG },
      headers: forwardedFor(nextClientIp()),
    });
    const retryAfter = expectTooMany(res, 4);
    // The next test starts from a full IP budget.
    await sleep(retryAfter * 1000 + 250);
  });

  it('a username blocked after 3 attempts in 4 s can try again once Retry-After has passed', async () => {
    const { username } = await createUser(stack.cognito, uniqueUsername('patient'), {
      permanentPassword: PASSWORD,
    });
    for (let attempt = 0; attempt < 3; attempt++) {
      expect(
        (await stack.gateway.post('/auth/sign-in', { body: { username, password: WRONG } })).status,
      ).toBe(401);
    }
    const blocked = await stack.gateway.post('/auth/sign-in', { body: { username, password: PASSWORD } });
    const retryAfter = expectTooMany(blocked, 4);
    await sleep(retryAfter * 1000 + 250);
    const res = await stack.gateway.post('/auth/sign-in', { body: { username, password: PASSWORD } });
    expect(res.status).toBe(200);
  });

  it('RATE_LIMITS=off turns every limit off', async () => {
    const unlimited = await startGateway({
      ...cognitoEnv(stack.cognito),
      RATE_LIMITS: 'off',
      RATE_LIMIT_SIGN_IN: '1/60',
    });
    try {
      const username = uniqueUsername('unlimited');
      // Four: past the gateway's budget of one, short of Cognito's own lockout after five failures.
      for (let attempt = 0; attempt < 4; attempt++) {
        const res = await unlimited.post('/auth/sign-in', { body: { username, password: WRONG } });
        expect(res.status).toBe(401);
      }
    } finally {
      await unlimited.close();
    }
  });
});
