import { Sha256 } from '@aws-crypto/sha256-js';
import { AuthenticationDetails, CognitoUser, CognitoUserPool } from 'amazon-cognito-identity-js';
import { randomBytes, randomInt } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { AddressInfo, connect, createServer } from 'node:net';
import { N, openSslModPow, SrpClient, cognitoTimestamp, srpServerStart, srpServerVerify } from './srp';
import { SrpArithmetic } from './srp-arithmetic';

/** The untyped internals of amazon-cognito-identity-js that CognitoUser uses for USER_SRP_AUTH. */
interface Jsbn {
  toString(radix: number): string;
}
interface Helper {
  poolName: string;
  smallAValue: Jsbn;
  largeAValue: Jsbn | null;
  getLargeAValue(cb: (err: Error | null, A: Jsbn) => void): void;
  getPasswordAuthenticationKey(
    user: string,
    password: string,
    B: Jsbn,
    salt: Jsbn,
    cb: (err: Error | null, key: Buffer) => void,
  ): void;
}
const AuthenticationHelper = jest.requireActual<{ default: new (poolName: string) => Helper }>(
  'amazon-cognito-identity-js/lib/AuthenticationHelper',
).default;
const BigInteger = jest.requireActual<{ default: new (hex: string, radix: number) => Jsbn }>(
  'amazon-cognito-identity-js/lib/BigInteger',
).default;
const DateHelper = jest.requireActual<{ default: new () => { getNowString(): string } }>(
  'amazon-cognito-identity-js/lib/DateHelper',
).default;

const TIMESTAMP = 'Tue Mar 4 09:05:07 UTC 2025';
const USER_POOL_ID = 'eu-west-1_Gateway42';

/** identity-js with a given private a: the same steps as its constructor, with a injected. */
function identityJsHelper(poolName: string, aHex?: string): { helper: Helper; srpA: string } {
  const helper = new AuthenticationHelper(poolName);
  if (aHex !== undefined) {
    helper.smallAValue = new BigInteger(aHex, 16);
    helper.largeAValue = null;
  }
  let srpA = '';
  helper.getLargeAValue((err, A) => {
    if (err) throw err;
    srpA = A.toString(16);
  });
  return { helper, srpA };
}

/** CognitoUser.authenticateUserDefaultAuth's PASSWORD_VERIFIER computation. */
function identityJsClaim(
  helper: Helper,
  c: {
    userPoolId: string;
    userIdForSrp: string;
    password: string;
    srpB: string;
    salt: string;
    secretBlock: string;
  },
  timestamp: string,
): { key: Buffer; signature: string } {
  let key: Buffer = Buffer.alloc(0);
  const B = new BigInteger(c.srpB, 16);
  helper.getPasswordAuthenticationKey(
    c.userIdForSrp,
    c.password,
    B,
    new BigInteger(c.salt, 16),
    (err, hkdf) => {
      if (err) throw err;
      key = hkdf;
    },
  );
  const hmac = new Sha256(key);
  hmac.update(
    Buffer.concat([
      Buffer.from(c.userPoolId.split('_')[1], 'utf8'),
      Buffer.from(c.userIdForSrp, 'utf8'),
      Buffer.from(c.secretBlock, 'base64'),
      Buffer.from(timestamp, 'utf8'),
    ]),
  );
  return { key: Buffer.from(key), signature: Buffer.from(hmac.digestSync()).toString('base64') };
}

const pick = <T>(xs: readonly T[]): T => xs[randomInt(xs.length)];
const CHARS = [
  'a',
  'Z',
  '7',
  ' ',
  ':',
  '_',
  '@',
  '.',
  'é',
  'ß',
  'Ω',
  '東京',
  '🙂',
  'e\u0301',
  '\u0000',
  '\ud800',
];
const randomText = (max: number): string =>
  Array.from({ length: randomInt(max + 1) }, () => pick(CHARS)).join('');
const randomHex = (bytes: number): string => randomBytes(bytes).toString('hex');

function randomCase(i: number) {
  // Production a is 128 bytes; shorter ones keep jsbn's share of the runtime bearable and vary padding.
  let aHex: string;
  do aHex = randomHex(i % 5 === 0 ? 128 : randomInt(1, 65));
  while (/^0*$/.test(aHex));
  let B: bigint;
  do B = BigInt(`0x${randomHex(randomInt(1, 385))}`) % N;
  while (B <= 1n);
  const bHex = B.toString(16);
  const srpB = [bHex, `000${bHex}`, bHex.toUpperCase()][i % 3];
  let salt = randomHex(randomInt(1, 21)).slice(randomInt(2)); // odd and even lengths
  salt = [`00${salt}`, `0${salt}`, `${pick([...'89abcdefABCDEF'])}${salt}`, salt.toUpperCase(), salt][i % 5];
  return {
    aHex,
    userPoolId: `${pick(['us-east-1', 'eu-west-1', 'ap-northeast-1'])}_${randomBytes(6).toString('base64url').replace(/[-_]/g, 'x')}`,
    userIdForSrp: randomText(12),
    password: randomText(20),
    srpB,
    salt,
    secretBlock: randomBytes(randomInt(0, 300)).toString('base64'),
  };
}

describe('srp differential against amazon-cognito-identity-js', () => {
  const CHUNKS = 6;
  const PER_CHUNK = 55; // 330 cases in total
  let helper: Helper;
  beforeAll(() => {
    helper = identityJsHelper('unused').helper;
  });

  it.each(Array.from({ length: CHUNKS }, (_, chunk) => chunk))(
    'matches srpA, HKDF key and signature (chunk %i)',
    async (chunk) => {
      const mismatches: unknown[] = [];
      for (let i = chunk * PER_CHUNK; i < (chunk + 1) * PER_CHUNK; i++) {
        const c = randomCase(i);
        helper.poolName = c.userPoolId.split('_')[1];
        helper.smallAValue = new BigInteger(c.aHex, 16);
        helper.largeAValue = null;
        let theirA = '';
        helper.getLargeAValue((_err, A) => (theirA = A.toString(16)));
        const theirs = identityJsClaim(helper, c, TIMESTAMP);

        const client = await SrpClient.fromPrivateKey(c.aHex);
        const ours = {
          srpA: client.srpA,
          key: (await client.passwordAuthenticationKey(c)).toString('hex'),
          ...(await client.passwordClaim({ ...c, timestamp: TIMESTAMP })),
        };
        const expected = {
          srpA: theirA,
          key: theirs.key.toString('hex'),
          signature: theirs.signature,
          timestamp: TIMESTAMP,
        };
        if (JSON.stringify(ours) !== JSON.stringify(expected)) mismatches.push({ case: c, ours, expected });
      }
      expect(mismatches).toEqual([]);
    },
    120_000,
  );

  it('create() draws a fresh a each time and gives an unpadded lowercase hex SRP_A below N', async () => {
    const [one, two] = await Promise.all([SrpClient.create(), SrpClient.create()]);
    expect(one.srpA).toMatch(/^[1-9a-f][0-9a-f]*$/);
    expect(BigInt(`0x${one.srpA}`) < N).toBe(true);
    expect(one.srpA).not.toBe(two.srpA);
  });

  it('rejects B = 0 mod N (as identity-js does), malformed hex and a malformed pool id', async () => {
    const client = await SrpClient.create();
    const c = { userPoolId: USER_POOL_ID, userIdForSrp: 'u', password: 'p', salt: 'ab', secretBlock: 'AA==' };
    await expect(client.passwordClaim({ ...c, srpB: N.toString(16) })).rejects.toThrow('B cannot be zero.');
    await expect(client.passwordClaim({ ...c, srpB: 'xyz' })).rejects.toThrow(/hex/);
    await expect(client.passwordClaim({ ...c, srpB: 'ab', userPoolId: 'nounderscore' })).rejects.toThrow(
      /pool id/,
    );
    await expect(SrpClient.fromPrivateKey('00')).rejects.toThrow();
  });
});

/** The parts of InitiateAuth / RespondToAuthChallenge requests that CognitoUser sends and the test reads. */
interface CognitoRequest {
  AuthParameters: { SRP_A: string };
  ChallengeResponses: Record<
    'USERNAME' | 'PASSWORD_CLAIM_SECRET_BLOCK' | 'TIMESTAMP' | 'PASSWORD_CLAIM_SIGNATURE',
    string
  >;
}

describe('srp client scheduling', () => {
  it('serves other I/O while concurrent sign-ins compute (the modexps run on the SRP worker)', async () => {
    const server = createServer((socket) => socket.end('pong'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const serverSide = srpServerStart({ userPoolId: USER_POOL_ID, userIdForSrp: 'u', password: 'p' });
    const input = {
      userPoolId: USER_POOL_ID,
      userIdForSrp: 'u',
      password: 'p',
      ...serverSide,
      secretBlock: 'AA==',
    };
    const events: string[] = [];
    const reply = new Promise<void>((resolve) =>
      connect(port, '127.0.0.1').on('data', () => {
        events.push('I/O');
        resolve();
      }),
    );
    const signIns = Array.from({ length: 4 }, async () => {
      await (await SrpClient.create()).passwordClaim(input);
      events.push('claim');
    });
    await Promise.all([reply, ...signIns]);
    server.close();
    expect(events.at(-1)).toBe('claim');
    expect(events).toContain('I/O');
  });
});

describe('srp worker', () => {
  // Under jest each worker compiles its TypeScript entry with ts-node first, which takes seconds.
  const WORKER_TIMEOUT_MS = 30_000;
  const niceOf = (thread: string): number =>
    Number(readFileSync(`/proc/self/task/${thread}/stat`, 'utf8').split(') ')[1].split(' ')[16]);

  it(
    'runs at nice 19, below the event loop (Linux: nice is per thread)',
    async () => {
      const arithmetic = new SrpArithmetic();
      const threadsBefore = new Set(readdirSync('/proc/self/task'));
      await SrpClient.create(arithmetic);
      const started = readdirSync('/proc/self/task').filter((thread) => !threadsBefore.has(thread));
      expect(started.map(niceOf)).toContain(19);
      expect(niceOf(String(process.pid))).toBeLessThan(19);
      await arithmetic.stop();
    },
    WORKER_TIMEOUT_MS,
  );

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

describe('srp round trip', () => {
  const user = {
    userPoolId: USER_POOL_ID,
    userIdForSrp: '7d1c9a3e-5b2f-4f43-9a57-0e8f2f1b6c11',
    password: 'Pässw0rd!🙂',
  };
  const secretBlock = randomBytes(64).toString('base64');

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

  it('verifies AuthenticationHelper as the client', () => {
    for (const [password, ok] of [
      [user.password, true],
      ['wrong', false],
    ] as const) {
      const server = srpServerStart(user);
      const { helper, srpA } = identityJsHelper(user.userPoolId.split('_')[1]);
      const { signature } = identityJsClaim(helper, { ...user, password, ...server, secretBlock }, TIMESTAMP);
      expect(
        srpServerVerify({ ...user, ...server, srpA, secretBlock, timestamp: TIMESTAMP, signature }),
      ).toBe(ok);
    }
  });

  it('verifies a full CognitoUser.authenticateUser (USER_SRP_AUTH) against the server side', async () => {
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

describe('modexp over 3N (the path for Node 22+, whose OpenSSL checks values of the named group N)', () => {
  function reference(base: bigint, exp: bigint): bigint {
    let result = 1n;
    for (base %= N; exp > 0n; exp >>= 1n, base = (base * base) % N)
      if (exp & 1n) result = (result * base) % N;
    return result;
  }

  it('equals base^exp mod N for random bases (residues or not) and 1- to 64-byte exponents', () => {
    const overThreeN = openSslModPow(3n * N);
    for (let i = 0; i < 60; i++) {
      const base = (BigInt(`0x${randomBytes(384).toString('hex')}`) % (N - 3n)) + 2n;
      const exp = BigInt(`0x${randomBytes(1 + (i % 64)).toString('hex')}`) || 1n;
      expect(overThreeN(base, exp)).toBe(reference(base, exp));
    }
    // 5 is a non-residue mod N, the value Node 22's check refuses
    expect(overThreeN(5n, 3n)).toBe(125n);
  });
});

describe('cognitoTimestamp', () => {
  it('uses the non-padded day and padded time, in UTC', () => {
    expect(cognitoTimestamp(new Date(Date.UTC(2025, 0, 5, 3, 4, 5)))).toBe('Sun Jan 5 03:04:05 UTC 2025');
    expect(cognitoTimestamp(new Date(Date.UTC(2024, 11, 31, 23, 59, 59)))).toBe(
      'Tue Dec 31 23:59:59 UTC 2024',
    );
    expect(cognitoTimestamp(new Date(Date.UTC(2000, 1, 29, 12, 0, 0)))).toBe('Tue Feb 29 12:00:00 UTC 2000');
  });

  it('matches identity-js DateHelper', () => {
    jest.useFakeTimers();
    try {
      for (let i = 0; i < 200; i++) {
        const now = new Date(randomInt(0, 4_102_444_800) * 1000);
        jest.setSystemTime(now);
        expect(cognitoTimestamp(now)).toBe(new DateHelper().getNowString());
        expect(cognitoTimestamp()).toBe(new DateHelper().getNowString());
      }
    } finally {
      jest.useRealTimers();
    }
  });
});

describe('srp CPU cost (printed, not asserted)', () => {
  it('measures a whole client computation: A + password claim', async () => {
    const RUNS = 50;
    const user = { userPoolId: USER_POOL_ID, userIdForSrp: 'bench-user', password: 'bench-password' };
    const server = srpServerStart(user);
    const c = {
      ...user,
      srpB: server.srpB,
      salt: server.salt,
      secretBlock: randomBytes(64).toString('base64'),
    };
    const cpuMs = async (fn: () => unknown): Promise<number> => {
      await fn(); // warm-up
      const start = process.cpuUsage();
      for (let i = 0; i < RUNS; i++) await fn();
      const used = process.cpuUsage(start);
      return (used.user + used.system) / 1000 / RUNS;
    };
    const ours = await cpuMs(async () =>
      (await SrpClient.create()).passwordClaim({ ...c, timestamp: TIMESTAMP }),
    );
    const theirs = await cpuMs(() =>
      identityJsClaim(identityJsHelper(user.userPoolId.split('_')[1]).helper, c, TIMESTAMP),
    );
    console.log(
      `SRP client CPU per sign-in over ${RUNS} runs: ours ${ours.toFixed(2)} ms, identity-js ${theirs.toFixed(2)} ms`,
    );
    expect(Number.isFinite(ours) && Number.isFinite(theirs)).toBe(true);
  }, 120_000);
});
