import {
  ForgotPasswordCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { randomBytes } from 'node:crypto';
import { createUser, PASSWORD, uniqueUsername } from '../support/auth-helpers';
import { sdkClient, useStack } from '../support/harness';

const ROUNDS = 25;
const ATTEMPTS = 3;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Makes one sample: prepares what must not be timed, and returns the call to time. */
type Sample = () => Promise<() => Promise<unknown>>;

async function elapsedMs(sample: Sample): Promise<number> {
  const call = await sample();
  const started = performance.now();
  await call();
  return performance.now() - started;
}

/** A sample that is nothing but the call. */
const just =
  (call: () => Promise<unknown>): Sample =>
  () =>
    Promise.resolve(call);

interface Medians {
  known: number;
  unknown: number;
}

/** Medians of interleaved samples (each round in the other order), so that load weighs on both sides alike. */
async function interleavedMedians(known: Sample, unknown: Sample): Promise<Medians> {
  const samples = { known: [] as number[], unknown: [] as number[] };
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? (['known', 'unknown'] as const) : (['unknown', 'known'] as const);
    for (const side of order) samples[side].push(await elapsedMs(side === 'known' ? known : unknown));
  }
  return { known: median(samples.known), unknown: median(samples.unknown) };
}

/** Within 35% of the slower side, or 2 ms: generous for a shared CPU, far below a skipped step's cost. */
function alike({ known, unknown }: Medians): boolean {
  return Math.abs(known - unknown) <= Math.max(0.35 * Math.max(known, unknown), 2);
}

/**
 * Measures up to ATTEMPTS times and passes on the first measurement within bounds: a busy moment on the
 * machine may spoil one, but work skipped for unknown users shows in every one.
 */
async function expectAlike(known: Sample, unknown: Sample): Promise<void> {
  const measured: Medians[] = [];
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    measured.push(await interleavedMedians(known, unknown));
    if (alike(measured[measured.length - 1])) return;
  }
  throw new Error(
    `known and unknown users answered at different speeds (median ms): ${JSON.stringify(measured)}`,
  );
}

describe('enumeration: the local Cognito takes as long for unknown users as for known ones', () => {
  const stack = useStack();

  it('ForgotPassword (at the local Cognito): a stored code for a known user, the same work for an unknown one', async () => {
    const known = await createUser(stack.cognito, uniqueUsername('known'), { permanentPassword: PASSWORD });
    const sdk = sdkClient(stack.cognito);
    const forgot = (username: () => string, outcome: 'sent' | 'UserNotFoundException') =>
      just(async () => {
        const sent = await sdk
          .send(new ForgotPasswordCommand({ ClientId: stack.cognito.clientId, Username: username() }))
          .then(
            () => 'sent',
            (error: Error) => error.name,
          );
        expect(sent).toBe(outcome);
      });
    try {
      // At the emulator itself: the gateway's own work would dilute the difference.
      await expectAlike(
        forgot(() => known.username, 'sent'),
        forgot(() => uniqueUsername('ghost'), 'UserNotFoundException'),
      );
    } finally {
      sdk.destroy();
    }
  }, 120_000);

  it('forgot-password/confirm (through the gateway): a wrong code and an unknown user', async () => {
    const known = await createUser(stack.cognito, uniqueUsername('known'), { permanentPassword: PASSWORD });
    await stack.gateway.post('/auth/forgot-password', { body: { username: known.username } });
    const wrongCode = stack.cognito.lastCode(known.username) === '000000' ? '111111' : '000000';
    const confirm = (username: string) => async () => {
      const res = await stack.gateway.post('/auth/forgot-password/confirm', {
        body: { username, code: wrongCode, newPassword: 'N3w#Passw0rd' },
      });
      expect(res.body.code).toBe('CODE_MISMATCH');
    };
    await expectAlike(just(confirm(known.username)), just(confirm(uniqueUsername('ghost'))));
  }, 120_000);

  it('SRP sign-in: the password verifier is checked with the same maths for an unknown user', async () => {
    // Cognito locks a username after five failures in a row, and a locked one is refused without the maths:
    // each known user takes at most four samples, as each made-up name takes one.
    const knownUsers = await Promise.all(
      Array.from(
        { length: 20 },
        async () =>
          (await createUser(stack.cognito, uniqueUsername('known'), { permanentPassword: PASSWORD }))
            .username,
      ),
    );
    let samples = 0;
    const nextKnown = () => knownUsers[Math.floor(samples++ / 4) % knownUsers.length];
    const sdk = sdkClient(stack.cognito);
    const { clientId } = stack.cognito;
    /** The PASSWORD_VERIFIER step with a wrong signature, ready to be timed on its own. */
    const verifierStep = async (username: string): Promise<() => Promise<void>> => {
      const { ChallengeParameters: challenge } = await sdk.send(
        new InitiateAuthCommand({
          ClientId: clientId,
          AuthFlow: 'USER_SRP_AUTH',
          AuthParameters: { USERNAME: username, SRP_A: randomBytes(256).toString('hex') },
        }),
      );
      return () =>
        expect(
          sdk.send(
            new RespondToAuthChallengeCommand({
              ClientId: clientId,
              ChallengeName: 'PASSWORD_VERIFIER',
              ChallengeResponses: {
                USERNAME: challenge!.USER_ID_FOR_SRP,
                PASSWORD_CLAIM_SECRET_BLOCK: challenge!.SECRET_BLOCK,
                TIMESTAMP: 'Sat Dec 5 18:00:00 UTC 2026',
                PASSWORD_CLAIM_SIGNATURE: randomBytes(32).toString('base64'),
              },
            }),
          ),
        ).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    };
    try {
      // Only the verifier step is timed: each sample's InitiateAuth runs before the clock starts.
      await expectAlike(
        () => verifierStep(nextKnown()),
        () => verifierStep(uniqueUsername('ghost')),
      );
    } finally {
      sdk.destroy();
    }
  }, 120_000);
});
