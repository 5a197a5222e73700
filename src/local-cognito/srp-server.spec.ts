import { AuthenticationDetails, CognitoUser, CognitoUserPool } from 'amazon-cognito-identity-js';
import { randomBytes } from 'node:crypto';
import { SrpClient, cognitoTimestamp } from '../cognito/srp';
import { SrpArithmetic } from '../cognito/srp-arithmetic';
import { N, prepareModPow } from '../cognito/srp-group';
import { srpServerStart, srpServerVerify } from './srp-server';

const TIMESTAMP = 'Tue Mar 4 09:05:07 UTC 2025';
const USER_POOL_ID = 'eu-west-1_Gateway42';
// Under jest each worker compiles its TypeScript entry with ts-node first: ~2.3 s on Node 24.
const WORKER_TIMEOUT_MS = 30_000;

/** The parts of InitiateAuth / RespondToAuthChallenge requests that CognitoUser sends and the test reads. */
interface CognitoRequest {
  AuthParameters: { SRP_A: string };
  ChallengeResponses: Record<
    'USERNAME' | 'PASSWORD_CLAIM_SECRET_BLOCK' | 'TIMESTAMP' | 'PASSWORD_CLAIM_SIGNATURE',
    string
  >;
}

describe('srp round trip', () => {
  const user = {
    userPoolId: USER_POOL_ID,
    userIdForSrp: '7d1c9a3e-5b2f-4f43-9a57-0e8f2f1b6c11',
    password: 'Pässw0rd!🙂',
  };
  const secretBlock = randomBytes(64).toString('base64');
  // The server's OpenSSL context (~1.4 s) and the client's shared SRP worker start once, outside the tests.
  beforeAll(() => {
    prepareModPow();
    return SrpClient.create();
  }, WORKER_TIMEOUT_MS);

  async function signIn(
    password: string,
    tamper: (claim: { signature: string; timestamp: string }) => void = () => {},
  ): Promise<boolean> {
    const server = srpServerStart(user);
    const client = await SrpClient.create();
    const claim = await client.passwordClaim({
      ...user,
      password,
      srpB: server.srpB,
      salt: server.salt,
      secretBlock,
    });
    tamper(claim);
    return srpServerVerify({ ...user, ...server, srpA: client.srpA, secretBlock, ...claim });
  }

  it('accepts the right password and rejects a wrong one', async () => {
    expect(await signIn(user.password)).toBe(true);
    expect(await signIn('Pässw0rd!')).toBe(false);
    expect(await signIn(user.password.toUpperCase())).toBe(false);
  });

  it('rejects tampered claims', async () => {
    expect(await signIn(user.password, (c) => (c.timestamp = cognitoTimestamp(new Date(0))))).toBe(false);
    expect(
      await signIn(
        user.password,
        (c) => (c.signature = (c.signature[0] === 'A' ? 'B' : 'A') + c.signature.slice(1)),
      ),
    ).toBe(false);
    expect(await signIn(user.password, (c) => (c.signature = c.signature.slice(0, -1)))).toBe(false);
    expect(await signIn(user.password, (c) => (c.signature = ''))).toBe(false);
  });

  it('rejects A = 0 mod N and a malformed A', () => {
    const server = srpServerStart(user);
    const base = { ...user, ...server, secretBlock, timestamp: TIMESTAMP, signature: 'x' };
    expect(srpServerVerify({ ...base, srpA: '0' })).toBe(false);
    expect(srpServerVerify({ ...base, srpA: N.toString(16) })).toBe(false);
    expect(srpServerVerify({ ...base, srpA: (2n * N).toString(16) })).toBe(false);
    expect(srpServerVerify({ ...base, srpA: 'not-hex' })).toBe(false);
  });

  it('verifies identity-js as the client: a full CognitoUser.authenticateUser (USER_SRP_AUTH)', async () => {
    const signInWithCognitoUser = (password: string) =>
      new Promise<boolean>((resolve, reject) => {
        const pool = new CognitoUserPool({ UserPoolId: user.userPoolId, ClientId: 'client' });
        const cognitoUser = new CognitoUser({ Username: 'alice@example.com', Pool: pool });
        let server: ReturnType<typeof srpServerStart> | undefined;
        let srpA = '';
        let verified: boolean | undefined;
        (cognitoUser as unknown as { client: unknown }).client = {
          request(op: string, params: CognitoRequest, cb: (err: Error | null, data?: unknown) => void) {
            if (op === 'InitiateAuth') {
              srpA = params.AuthParameters.SRP_A;
              server = srpServerStart(user);
              cb(null, {
                ChallengeName: 'PASSWORD_VERIFIER',
                ChallengeParameters: {
                  SRP_B: server.srpB,
                  SALT: server.salt,
                  SECRET_BLOCK: secretBlock,
                  USER_ID_FOR_SRP: user.userIdForSrp,
                },
              });
            } else if (op === 'RespondToAuthChallenge' && server) {
              const r = params.ChallengeResponses;
              expect(r.USERNAME).toBe(user.userIdForSrp);
              expect(r.TIMESTAMP).toMatch(/^\w{3} \w{3} \d{1,2} \d\d:\d\d:\d\d UTC \d{4}$/);
              verified = srpServerVerify({
                ...user,
                ...server,
                srpA,
                secretBlock: r.PASSWORD_CLAIM_SECRET_BLOCK,
                timestamp: r.TIMESTAMP,
                signature: r.PASSWORD_CLAIM_SIGNATURE,
              });
              cb(new Error('stop after the password claim'));
            } else {
              reject(new Error(`unexpected ${op}`));
            }
          },
        };
        cognitoUser.authenticateUser(
          new AuthenticationDetails({ Username: 'alice@example.com', Password: password }),
          {
            onSuccess: () => reject(new Error('unexpected success')),
            onFailure: () =>
              verified === undefined ? reject(new Error('no password claim')) : resolve(verified),
          },
        );
      });
    await expect(signInWithCognitoUser(user.password)).resolves.toBe(true);
    await expect(signInWithCognitoUser('wrong')).resolves.toBe(false);
  });
});

describe("the gateway's srp worker, checked by the server side", () => {
  it(
    'hands out each key pair once, also to a burst of sign-ins larger than its spares',
    async () => {
      const arithmetic = new SrpArithmetic();
      void arithmetic.start();
      const user = { userPoolId: USER_POOL_ID, userIdForSrp: 'u', password: 'p' };
      const signIn = async () => {
        const server = srpServerStart(user);
        const client = await SrpClient.create(arithmetic);
        const claim = await client.passwordClaim({
          ...user,
          srpB: server.srpB,
          salt: server.salt,
          secretBlock: 'AA==',
        });
        const verified = srpServerVerify({
          ...user,
          ...server,
          srpA: client.srpA,
          secretBlock: 'AA==',
          ...claim,
        });
        return { srpA: client.srpA, verified };
      };
      // Some sign-ins end before their claim, and so bring no spare back.
      const unclaimed = await Promise.all(Array.from({ length: 6 }, () => SrpClient.create(arithmetic)));
      const results = [
        ...(await Promise.all(Array.from({ length: 12 }, signIn))),
        ...(await Promise.all(Array.from({ length: 3 }, signIn))),
      ];
      expect(results.every((result) => result.verified)).toBe(true);
      const keys = [...unclaimed.map((client) => client.srpA), ...results.map((result) => result.srpA)];
      expect(new Set(keys).size).toBe(keys.length);
      await arithmetic.stop();
    },
    WORKER_TIMEOUT_MS,
  );

  it(
    'fails the jobs of a worker that ends, and starts a new one for the next sign-in',
    async () => {
      const arithmetic = new SrpArithmetic();
      const user = { userPoolId: USER_POOL_ID, userIdForSrp: 'u', password: 'p' };
      const server = srpServerStart(user);
      const input = { ...user, srpB: server.srpB, salt: server.salt, secretBlock: 'AA==' };
      const client = await SrpClient.create(arithmetic);
      const inFlight = client.passwordClaim(input);
      await arithmetic.stop();
      await expect(inFlight).rejects.toThrow('SRP worker stopped');

      const next = await SrpClient.create(arithmetic);
      const claim = await next.passwordClaim({ ...input, timestamp: TIMESTAMP });
      expect(
        srpServerVerify({
          ...user,
          ...server,
          srpA: next.srpA,
          secretBlock: 'AA==',
          ...claim,
        }),
      ).toBe(true);
      await arithmetic.stop();
    },
    WORKER_TIMEOUT_MS,
  );
});
