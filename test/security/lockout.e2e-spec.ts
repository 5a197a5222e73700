import { createUser, PASSWORD, uniqueUsername } from '../support/auth-helpers';
import { HttpResult, useStack } from '../support/harness';

const WRONG = 'Wr0ng#Passw0rd';
/** Cognito's clock moved back this far: "right after the failures", however slow the machine is. */
const MARGIN_MS = 60_000;

function visible(res: HttpResult) {
  return { status: res.status, text: res.text, retryAfter: res.headers.get('retry-after') };
}

/**
 * Cognito's own lockout (five failed sign-ins in a row, then "Password attempts exceeded" for a second,
 * doubling with each further failure) reaches the app as the contract's 429 with Retry-After, the same
 * for an unknown username as for a real one. The gateway's own rate limits are off here: this is
 * Cognito's lockout alone.
 */
describe("brute force: Cognito's lockout after failed sign-ins", () => {
  const stack = useStack();
  afterEach(() => stack.cognito.setClockOffset(0));

  const signIn = (username: string, password: string) =>
    stack.gateway.post('/auth/sign-in', { body: { username, password } });

  async function lockedOut(username: string, password: string): Promise<ReturnType<typeof visible>[]> {
    const answers: ReturnType<typeof visible>[] = [];
    for (let n = 1; n <= 5; n++) answers.push(visible(await signIn(username, WRONG)));
    stack.cognito.setClockOffset(-MARGIN_MS);
    answers.push(visible(await signIn(username, password)));
    stack.cognito.setClockOffset(0);
    return answers;
  }

  it('the sixth attempt is 429 TOO_MANY_REQUESTS with Retry-After, for a known and an unknown user alike', async () => {
    const { username } = await createUser(stack.cognito, uniqueUsername('locked'), {
      permanentPassword: PASSWORD,
    });
    const known = await lockedOut(username, PASSWORD);
    for (const answer of known.slice(0, 5)) {
      expect(answer.status).toBe(401);
      expect(JSON.parse(answer.text).code).toBe('INVALID_CREDENTIALS');
    }
    const locked = known[5];
    expect(locked.status).toBe(429);
    expect(JSON.parse(locked.text)).toEqual({
      statusCode: 429,
      code: 'TOO_MANY_REQUESTS',
      message: expect.any(String),
    });
    expect(Number(locked.retryAfter)).toBeGreaterThan(0);

    expect(await lockedOut(uniqueUsername('ghost'), PASSWORD)).toEqual(known);

    // The lock is over after about a second: the right password signs in and the count starts over.
    stack.cognito.setClockOffset(1500);
    const after = await signIn(username, PASSWORD);
    expect([after.status, after.body.status]).toEqual([200, 'AUTHENTICATED']);
  });
});
