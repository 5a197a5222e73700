import { failure, PASSWORD, useEmulator } from '../support/emulator';

const WRONG = 'Wrong#Passw0rd';
const INCORRECT = 'Incorrect username or password.';
const EXCEEDED = 'Password attempts exceeded';
/**
 * "Right after a failure", checked with the clock moved back this far: the check then holds however long
 * a loaded machine takes between the two calls.
 */
const MARGIN_MS = 60_000;

/**
 * Cognito's lockout for failed password sign-ins, as the developer guide describes it: five failures in a
 * row lock the user for a second, each further failure doubles the lock (2^(n-5) s), attempts during a
 * lockout fail with "Password attempts exceeded" whatever the password and do not count, and a success
 * after the lockout or 15 quiet minutes start over. Unknown usernames get the very same answers.
 * The emulator clock (setClockOffset) stands in for waiting.
 */
describe('local Cognito: lockout after failed sign-ins (official clients against the embedded emulator)', () => {
  const local = useEmulator();
  let clock = 0;
  beforeEach(() => (clock = 0));

  const moveClock = (ms: number) => local.emu.setClockOffset((clock += ms));
  /** The message a USER_PASSWORD_AUTH sign-in fails with, or 'signed in'. */
  const attempt = async (username: string, password: string): Promise<string> => {
    try {
      await local.passwordSignIn(username, password);
      return 'signed in';
    } catch (e) {
      expect((e as Error).name).toBe('NotAuthorizedException');
      return (e as Error).message;
    }
  };
  /** The answer at `ms` after the current clock (negative: as if no time had passed since), clock unmoved. */
  const attemptAt = async (ms: number, username: string, password: string): Promise<string> => {
    local.emu.setClockOffset(clock + ms);
    try {
      return await attempt(username, password);
    } finally {
      local.emu.setClockOffset(clock);
    }
  };

  /** Failures 1..11 with the lock checked on the way; returns every answer, in order. */
  async function lockoutSequence(username: string): Promise<string[]> {
    const answers: string[] = [];
    for (let n = 1; n <= 5; n++) answers.push(await attempt(username, WRONG));
    // n = 5: locked at once, even to the right password
    answers.push(await attemptAt(-MARGIN_MS, username, PASSWORD));
    // ... for about a second: then the password is checked again, and each failure locks twice as long
    for (let n = 6; n <= 10; n++) {
      moveClock(2 ** (n - 6) * 1000 + 100);
      answers.push(await attempt(username, WRONG));
    }
    // n = 10: 32 s
    answers.push(await attemptAt(24_000, username, PASSWORD));
    moveClock(33_000);
    answers.push(await attempt(username, WRONG));
    // n = 11: 64 s
    answers.push(await attemptAt(48_000, username, PASSWORD));
    moveClock(65_000);
    return answers;
  }

  const expectedSequence = [
    ...Array<string>(5).fill(INCORRECT),
    EXCEEDED,
    ...Array<string>(5).fill(INCORRECT),
    EXCEEDED,
    INCORRECT,
    EXCEEDED,
  ];

  it('five failures lock for ~1 s, each further failure doubles it; a success after it starts over', async () => {
    const username = await local.confirmedUser();
    expect(await lockoutSequence(username)).toEqual(expectedSequence);
    expect(await attempt(username, PASSWORD)).toBe('signed in');
    // the count started over: one failure locks nothing
    expect(await attempt(username, WRONG)).toBe(INCORRECT);
    expect(await attempt(username, PASSWORD)).toBe('signed in');
  });

  it('an unknown username gets the very same answers', async () => {
    expect(await lockoutSequence(local.uniqueName('ghost'))).toEqual(expectedSequence);
  });

  it('15 quiet minutes after a lockout start over', async () => {
    const username = await local.confirmedUser();
    for (let n = 1; n <= 5; n++) await attempt(username, WRONG);
    expect(await attemptAt(-MARGIN_MS, username, PASSWORD)).toBe(EXCEEDED);
    moveClock(15 * 60_000 + 1000);
    // had the count not started over, this failure (n = 6) would lock for 2 s
    expect(await attempt(username, WRONG)).toBe(INCORRECT);
    expect(await attemptAt(-MARGIN_MS, username, PASSWORD)).toBe('signed in');
  });

  it('SRP sign-ins count and are refused the same way; another user is not affected', async () => {
    const username = await local.confirmedUser();
    const bystander = await local.confirmedUser();
    for (let n = 1; n <= 5; n++) {
      expect(await failure(local.identitySignIn(username, WRONG))).toMatchObject({
        code: 'NotAuthorizedException',
        message: INCORRECT,
      });
    }
    local.emu.setClockOffset(-MARGIN_MS);
    expect(await failure(local.identitySignIn(username, PASSWORD))).toMatchObject({
      code: 'NotAuthorizedException',
      message: EXCEEDED,
    });
    expect(await attempt(username, PASSWORD)).toBe(EXCEEDED);
    expect(await attempt(bystander, PASSWORD)).toBe('signed in');
  });
});
