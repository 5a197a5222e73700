import {
  createDiffieHellman,
  createHash,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';

/**
 * SRP-6a as Cognito user pools speak it, byte-compatible with amazon-cognito-identity-js
 * (AuthenticationHelper + CognitoUser PASSWORD_VERIFIER). Small arithmetic uses BigInt; every 3072-bit
 * modexp goes through OpenSSL, which is ~20x faster than the jsbn code identity-js uses.
 */

const N_HEX =
  'FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD' +
  'EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED' +
  'EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F' +
  '83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B' +
  'E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510' +
  '15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7' +
  'ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C' +
  'BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF';
/** The RFC 5054 3072-bit group prime Cognito uses. */
export const N = BigInt(`0x${N_HEX}`);
const G = 2n;
const INFO = 'Caldera Derived Key';
// RFC 5054 asks for private values of at least 256 bits. identity-js draws 1024, which only makes every
// modexp slower; Cognito accepts any size, and so does the math below (tests cover 1 to 128 bytes).
const PRIVATE_KEY_BYTES = 32;

function toBuffer(x: bigint): Buffer {
  const hex = x.toString(16);
  return Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
}

/**
 * base^exp mod N on OpenSSL (constant-time, as for a DH private key): a DH context over `modulus`, which
 * is N or a multiple of it, given `exp` as its private key and `base` as the peer's public value.
 * Everything here is synchronous, so one shared context cannot interleave.
 */
export function openSslModPow(modulus: bigint): (base: bigint, exp: bigint) => bigint {
  const dh = createDiffieHellman(toBuffer(modulus), Buffer.from([2]));
  return (base, exp) => {
    dh.setPrivateKey(toBuffer(exp));
    return BigInt(`0x${dh.computeSecret(toBuffer(base)).toString('hex')}`) % N;
  };
}

/**
 * The OpenSSL of Node 22+ recognises N as RFC 3526's group 15 and then checks every public value with a
 * full-size modexp (value^q = 1): ~5 ms each, and half of all bases (the non-residues) are refused. Over
 * 3N, which is no known group, only the range is checked, for ~0.8 ms per 256 exponent bits; Node 20 does
 * no such check and has a faster path (~0.46 ms) for the 3072-bit N itself, which is kept where it works.
 * 5 is a non-residue mod N: refused exactly when the strict check is on.
 */
function fastestModPow(): (base: bigint, exp: bigint) => bigint {
  const overN = openSslModPow(N);
  try {
    overN(5n, 1n);
    return overN;
  } catch {
    return openSslModPow(3n * N);
  }
}

const openSsl = fastestModPow();

function modPow(base: bigint, exp: bigint): bigint {
  base = ((base % N) + N) % N;
  if (exp === 0n) return 1n;
  // OpenSSL rejects 0, 1 and N-1 as DH public values, so those bases are answered here.
  if (base <= 1n) return base;
  if (base === N - 1n) return exp % 2n === 0n ? 1n : base;
  return openSsl(base, exp);
}

/**
 * The client's modexps run one per event-loop turn (setImmediate), with I/O in between. Back to back, a
 * sign-in's take ~1.9 ms, and four concurrent sign-ins' several times that, ahead of every other request:
 * that, not their total CPU, is what raised every other request's latency.
 */
const steps: (() => void)[] = [];

function runNextStep(): void {
  const step = steps.shift();
  if (steps.length > 0) setImmediate(runNextStep);
  step?.();
}

function inOwnTurn<T>(compute: () => T): Promise<T> {
  return new Promise((resolve, reject) => {
    const step = (): void => {
      try {
        resolve(compute());
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    };
    if (steps.push(step) === 1) setImmediate(runNextStep);
  });
}

/** identity-js padHex for non-negative values: even length, plus '00' when the top bit is set. */
function padHex(x: bigint): string {
  let hex = x.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  return /^[89a-f]/.test(hex) ? `00${hex}` : hex;
}

const sha256Hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
const hexHash = (hex: string): string => sha256Hex(Buffer.from(hex, 'hex'));
const hexToBigInt = (hex: string): bigint => BigInt(`0x${hex}`);

const K = hexToBigInt(hexHash(padHex(N) + padHex(G)));

function parseHex(name: string, hex: string): bigint {
  if (!/^[0-9a-f]+$/i.test(hex)) throw new Error(`SRP: ${name} is not a hex string`);
  return hexToBigInt(hex);
}

function poolNameOf(userPoolId: string): string {
  // CognitoUserPool.getUserPoolName(): the part after '_' of e.g. 'eu-west-1_AbC123'.
  const name = userPoolId.split('_')[1];
  if (!name) throw new Error(`SRP: invalid user pool id '${userPoolId}'`);
  return name;
}

function computeX(poolName: string, userIdForSrp: string, password: string, salt: bigint): bigint {
  const userHash = sha256Hex(`${poolName}${userIdForSrp}:${password}`);
  return hexToBigInt(hexHash(padHex(salt) + userHash));
}

const computeU = (A: bigint, B: bigint): bigint => hexToBigInt(hexHash(padHex(A) + padHex(B)));

const hkdf = (S: bigint, u: bigint): Buffer =>
  Buffer.from(hkdfSync('sha256', Buffer.from(padHex(S), 'hex'), Buffer.from(padHex(u), 'hex'), INFO, 16));

function sign(
  key: Buffer,
  poolName: string,
  userIdForSrp: string,
  secretBlock: string,
  timestamp: string,
): string {
  const message = Buffer.concat([
    Buffer.from(poolName, 'utf8'),
    Buffer.from(userIdForSrp, 'utf8'),
    Buffer.from(secretBlock, 'base64'),
    Buffer.from(timestamp, 'utf8'),
  ]);
  return createHmac('sha256', key).update(message).digest('base64');
}

const randomPrivateKey = (): bigint => hexToBigInt(randomBytes(PRIVATE_KEY_BYTES).toString('hex'));

export interface PasswordClaimInput {
  userPoolId: string;
  userIdForSrp: string;
  password: string;
  srpB: string;
  salt: string;
  secretBlock: string;
  timestamp?: string;
}

/** Client side, used by the gateway's sign-in. */
export class SrpClient {
  /** Hex, sent as SRP_A (same formatting as identity-js: largeAValue.toString(16)). */
  readonly srpA: string;
  // ES private fields stay out of util.inspect / logs.
  readonly #a: bigint;
  readonly #A: bigint;

  private constructor(a: bigint, A: bigint) {
    if (A === 0n) throw new Error('Illegal paramater. A mod N cannot be 0.');
    this.#a = a;
    this.#A = A;
    this.srpA = A.toString(16);
  }

  static create(): Promise<SrpClient> {
    return SrpClient.withPrivateKey(randomPrivateKey());
  }

  static async fromPrivateKey(aHex: string): Promise<SrpClient> {
    const a = parseHex('private key', aHex);
    if (a === 0n) throw new Error('SRP: private key must be non-zero');
    return SrpClient.withPrivateKey(a);
  }

  private static async withPrivateKey(a: bigint): Promise<SrpClient> {
    return new SrpClient(a, await inOwnTurn(() => modPow(G, a)));
  }

  /** identity-js getPasswordAuthenticationKey: the 16-byte HKDF key the claim is signed with. */
  async passwordAuthenticationKey(
    input: Omit<PasswordClaimInput, 'secretBlock' | 'timestamp'>,
  ): Promise<Buffer> {
    const B = parseHex('SRP_B', input.srpB);
    if (B % N === 0n) throw new Error('B cannot be zero.');
    const u = computeU(this.#A, B);
    if (u === 0n) throw new Error('U cannot be zero.');
    const x = computeX(
      poolNameOf(input.userPoolId),
      input.userIdForSrp,
      input.password,
      parseHex('SALT', input.salt),
    );
    const base = B - K * (await inOwnTurn(() => modPow(G, x)));
    // S = base^(a + u·x), computed as base^a · (base^u)^x: three turns of a 256-bit exponent (~0.5 ms
    // each) rather than one of 512 bits (~1 ms), for ~0.5 ms more CPU in all.
    const [baseToA, baseToU] = [
      await inOwnTurn(() => modPow(base, this.#a)),
      await inOwnTurn(() => modPow(base, u)),
    ];
    const S = (baseToA * (await inOwnTurn(() => modPow(baseToU, x)))) % N;
    return hkdf(S, u);
  }

  async passwordClaim(input: PasswordClaimInput): Promise<{ signature: string; timestamp: string }> {
    const timestamp = input.timestamp ?? cognitoTimestamp();
    const key = await this.passwordAuthenticationKey(input);
    return {
      signature: sign(key, poolNameOf(input.userPoolId), input.userIdForSrp, input.secretBlock, timestamp),
      timestamp,
    };
  }
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Cognito's TIMESTAMP format 'Ddd Mmm D HH:MM:SS UTC YYYY' (day not padded), always UTC. */
export function cognitoTimestamp(date: Date = new Date()): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  const time = `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}`;
  return `${WEEKDAYS[date.getUTCDay()]} ${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()} ${time} UTC ${date.getUTCFullYear()}`;
}

/** Server side, used only by the embedded local Cognito emulator to check a real SRP sign-in. */
export function srpServerStart(input: { userPoolId: string; userIdForSrp: string; password: string }): {
  salt: string;
  srpB: string;
  b: string;
} {
  const salt = randomBytes(16).toString('hex');
  const x = computeX(poolNameOf(input.userPoolId), input.userIdForSrp, input.password, hexToBigInt(salt));
  const v = modPow(G, x);
  for (;;) {
    const b = randomPrivateKey();
    const B = (K * v + modPow(G, b)) % N;
    if (B !== 0n) return { salt, srpB: B.toString(16), b: b.toString(16) };
  }
}

export function srpServerVerify(input: {
  userPoolId: string;
  userIdForSrp: string;
  password: string;
  salt: string;
  srpB: string;
  b: string;
  srpA: string;
  secretBlock: string;
  timestamp: string;
  signature: string;
}): boolean {
  // srpA and signature come from the client; malformed values are a failed sign-in, not a crash.
  if (!/^[0-9a-f]+$/i.test(input.srpA)) return false;
  const A = hexToBigInt(input.srpA);
  if (A % N === 0n) return false;
  const u = computeU(A, parseHex('SRP_B', input.srpB));
  if (u === 0n) return false;
  const poolName = poolNameOf(input.userPoolId);
  const x = computeX(poolName, input.userIdForSrp, input.password, parseHex('SALT', input.salt));
  const S = modPow(A * modPow(modPow(G, x), u), parseHex('b', input.b));
  const expected = Buffer.from(
    sign(hkdf(S, u), poolName, input.userIdForSrp, input.secretBlock, input.timestamp),
  );
  const given = Buffer.from(input.signature, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
