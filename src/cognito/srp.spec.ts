import { Sha256 } from '@aws-crypto/sha256-js';
import { randomBytes, randomInt } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { AddressInfo, connect, createServer } from 'node:net';
import { SrpClient, cognitoTimestamp } from './srp';
import { SrpArithmetic } from './srp-arithmetic';
import { N } from './srp-group';

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

/** identity-js's AuthenticationHelper with its A computed, as CognitoUser prepares it. */
function identityJsHelper(poolName: string): Helper {
  const helper = new AuthenticationHelper(poolName);
  helper.getLargeAValue((err) => {
    if (err) throw err;
  });
  return helper;
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

/** SRP_B and SALT as a server sends them: a B below N, a 16-byte salt. */
const serverValues = () => ({
  srpB: (BigInt(`0x${randomHex(384)}`) % N).toString(16),
  salt: randomHex(16),
});

describe('srp differential against amazon-cognito-identity-js', () => {
  const CHUNKS = 6;
  const PER_CHUNK = 55; // 330 cases in total
  let helper: Helper;
  beforeAll(() => {
    helper = identityJsHelper('unused');
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

describe('srp client scheduling', () => {
  it('serves other I/O while concurrent sign-ins compute (the modexps run on the SRP worker)', async () => {
    const server = createServer((socket) => socket.end('pong'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const input = {
      userPoolId: USER_POOL_ID,
      userIdForSrp: 'u',
      password: 'p',
      ...serverValues(),
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
    const c = { ...user, ...serverValues(), secretBlock: randomBytes(64).toString('base64') };
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
      identityJsClaim(identityJsHelper(user.userPoolId.split('_')[1]), c, TIMESTAMP),
    );
    console.log(
      `SRP client CPU per sign-in over ${RUNS} runs: ours ${ours.toFixed(2)} ms, identity-js ${theirs.toFixed(2)} ms`,
    );
    expect(Number.isFinite(ours) && Number.isFinite(theirs)).toBe(true);
  }, 120_000);
});
