import { AdminDisableUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { createUser, PASSWORD, uniqueUsername } from '../support/auth-helpers';
import {
  ADMIN_PASSWORD,
  cognitoEnv,
  Gateway,
  HttpResult,
  startGateway,
  tempDir,
  useStack,
} from '../support/harness';

const WRONG = 'Wr0ng#Passw0rd';

/** A masked destination made from a digest, as `x***@y***`. */
function maskOf(digest: Buffer): string {
  const letter = (byte: number): string => String.fromCharCode(97 + (byte % 26));
  return `${letter(digest[0])}***@${letter(digest[1])}***`;
}

/** The gateway's own counters (histogram buckets and sums vary with timing), as `series → value`. */
function counters(text: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^(gateway_\w+?)(\{.*\})? (\S+)$/.exec(line);
    if (!match || /_(bucket|sum)$/.test(match[1])) continue;
    values.set(match[1] + (match[2] ?? ''), Number(match[3]));
  }
  return values;
}

/** What changed between two readings of the counters. */
function increase(before: Map<string, number>, after: Map<string, number>): Record<string, number> {
  const changed: Record<string, number> = {};
  for (const [series, value] of after) {
    const delta = value - (before.get(series) ?? 0);
    if (delta !== 0) changed[series] = delta;
  }
  return changed;
}

async function destinations(gateway: Gateway, usernames: string[]): Promise<string[]> {
  const answers = [];
  for (const username of usernames) {
    const res = await gateway.post('/auth/forgot-password', { body: { username } });
    expect(res.status).toBe(202);
    answers.push(res.body.destination as string);
  }
  return answers;
}

/** What a client can compare: status, body bytes, and the headers that could differ by outcome. */
function visible(res: HttpResult) {
  return {
    status: res.status,
    text: res.text,
    contentType: res.headers.get('content-type'),
    retryAfter: res.headers.get('retry-after'),
  };
}

describe('enumeration: answers do not tell whether an account exists', () => {
  const stack = useStack();

  const signIn = (username: string, password: string) =>
    stack.gateway.post('/auth/sign-in', { body: { username, password } });

  it('sign-in: unknown user, wrong password, first-access user with a wrong password and disabled user are byte-identical 401s', async () => {
    const confirmed = await createUser(stack.cognito, uniqueUsername('known'), {
      permanentPassword: PASSWORD,
    });
    const firstAccess = await createUser(stack.cognito, uniqueUsername('fresh'));
    const disabled = await createUser(stack.cognito, uniqueUsername('disabled'), {
      permanentPassword: PASSWORD,
    });
    await stack.sdk.send(
      new AdminDisableUserCommand({ UserPoolId: stack.cognito.userPoolId, Username: disabled.username }),
    );

    const unknown = visible(await signIn(uniqueUsername('ghost'), WRONG));
    expect(unknown.status).toBe(401);
    expect(JSON.parse(unknown.text)).toEqual({
      statusCode: 401,
      code: 'INVALID_CREDENTIALS',
      message: expect.any(String),
    });
    expect(visible(await signIn(confirmed.username, WRONG))).toEqual(unknown);
    expect(visible(await signIn(firstAccess.username, WRONG))).toEqual(unknown);
    expect(visible(await signIn(disabled.username, WRONG))).toEqual(unknown);
    expect(visible(await signIn(disabled.username, PASSWORD))).toEqual(unknown);
  });

  it('forgot-password: 202 with a masked destination of the same shape for unknown and known users, stable per username', async () => {
    const known = await createUser(stack.cognito, uniqueUsername('known'), { permanentPassword: PASSWORD });
    const unverified = await createUser(stack.cognito, uniqueUsername('unverified'), {
      permanentPassword: PASSWORD,
      attributes: { email_verified: 'false' },
    });
    const ghost = uniqueUsername('ghost');
    const forgot = (username: string) => stack.gateway.post('/auth/forgot-password', { body: { username } });

    const answers = [await forgot(known.username), await forgot(unverified.username), await forgot(ghost)];
    for (const res of answers) {
      expect(res.status).toBe(202);
      expect(Object.keys(res.body).sort()).toEqual(['deliveryMedium', 'destination']);
      expect(res.body.deliveryMedium).toBe('EMAIL');
      expect(res.body.destination).toMatch(/^[a-z]\*\*\*@[a-z]\*\*\*$/);
      expect(res.headers.get('content-type')).toBe(answers[0].headers.get('content-type'));
    }
    expect(answers[0].text).not.toContain(known.email);
    expect((await forgot(ghost)).text).toBe(answers[2].text);
  });

  it('forgot-password/confirm: a code for an unknown user is the same 400 as a wrong code for a known one', async () => {
    const known = await createUser(stack.cognito, uniqueUsername('known'), { permanentPassword: PASSWORD });
    await stack.gateway.post('/auth/forgot-password', { body: { username: known.username } });
    const confirm = (username: string) =>
      stack.gateway.post('/auth/forgot-password/confirm', {
        body: { username, code: '000000', newPassword: 'N3w#Passw0rd' },
      });
    const unknown = visible(await confirm(uniqueUsername('ghost')));
    expect(unknown.status).toBe(400);
    expect(JSON.parse(unknown.text).code).toBe('CODE_MISMATCH');
    expect(visible(await confirm(known.username))).toEqual(unknown);
  });

  describe('forgot-password: the decoy destination of an unknown user is keyed by a server-side secret', () => {
    const ghosts = Array.from({ length: 12 }, () => uniqueUsername('ghost'));

    it('cannot be recomputed from the username alone, and is stable across calls', async () => {
      const first = await destinations(stack.gateway, ghosts);
      expect(await destinations(stack.gateway, ghosts)).toEqual(first);
      for (const destination of first) expect(destination).toMatch(/^[a-z]\*\*\*@[a-z]\*\*\*$/);
      // Twelve answers all equal to an unkeyed digest's would be a 1 in 676^12 chance.
      const unkeyed = ghosts.map((name) => maskOf(createHash('sha256').update(name).digest()));
      expect(first).not.toEqual(unkeyed);
    });

    it('with DECOY_SECRET, is the same on every instance (an HMAC keyed by it)', async () => {
      const secret = randomBytes(32).toString('base64url');
      const env = { ...cognitoEnv(stack.cognito), DECOY_SECRET: secret };
      const [one, two] = [await startGateway(env), await startGateway(env)];
      try {
        const answers = await destinations(one, ghosts);
        expect(await destinations(two, ghosts)).toEqual(answers);
        expect(answers).toEqual(
          ghosts.map((name) => maskOf(createHmac('sha256', secret).update(name).digest())),
        );
        expect(answers).not.toEqual(await destinations(stack.gateway, ghosts));
      } finally {
        await Promise.all([one.close(), two.close()]);
      }
    });

    it('in local mode, is kept in LOCAL_COGNITO_DIR and survives a restart', async () => {
      const dataDir = tempDir('cgw-decoy-');
      const env = {
        LOCAL_COGNITO_DIR: dataDir,
        LOCAL_COGNITO_PORT: '0',
        LOCAL_ADMIN_PASSWORD: ADMIN_PASSWORD,
      };
      try {
        const before = await startGateway(env);
        const answers = await destinations(before, ghosts).finally(() => before.close());
        expect(existsSync(path.join(dataDir, 'decoy-secret'))).toBe(true);
        const after = await startGateway(env);
        expect(await destinations(after, ghosts).finally(() => after.close())).toEqual(answers);
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    }, 60_000);
  });

  describe('metrics are no oracle', () => {
    it('/metrics is not served on the public port', async () => {
      for (const method of ['GET', 'HEAD']) {
        expect((await stack.gateway.request(method, '/metrics')).status).toBe(404);
      }
      const res = await stack.gateway.get('/metrics');
      expect(res.body).toEqual({ statusCode: 404, code: 'NOT_FOUND', message: expect.any(String) });
      expect(res.text).not.toContain('gateway_');
    });

    it('sign-in, forgot-password and its confirm count a known user and an unknown one alike', async () => {
      const known = await createUser(stack.cognito, uniqueUsername('known'), { permanentPassword: PASSWORD });
      const ghost = uniqueUsername('ghost');
      const attempts = async (username: string) => {
        expect((await signIn(username, WRONG)).status).toBe(401);
        expect((await stack.gateway.post('/auth/forgot-password', { body: { username } })).status).toBe(202);
        const confirm = await stack.gateway.post('/auth/forgot-password/confirm', {
          body: { username, code: '000000', newPassword: 'N3w#Passw0rd' },
        });
        expect(confirm.body.code).toBe('CODE_MISMATCH');
      };
      const reading = async () => counters((await stack.gateway.metrics()).text);

      const start = await reading();
      await attempts(known.username);
      const middle = await reading();
      await attempts(ghost);
      const end = await reading();

      const byKnown = increase(start, middle);
      expect(Object.keys(byKnown).length).toBeGreaterThan(0);
      expect(increase(middle, end)).toEqual(byKnown);
      expect([...end.keys()].join('\n')).not.toMatch(/UserNotFound|UserNotConfirmed/);
    });
  });
});
