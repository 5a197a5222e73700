import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { SrpArithmetic, srpArithmetic } from './srp-arithmetic';
import { G, hexHash, hexToBigInt, K, modPow, N, padHex, randomPrivateKey, sha256Hex } from './srp-group';

export { N, openSslModPow } from './srp-group';

/**
 * SRP-6a as Cognito user pools speak it, byte-compatible with amazon-cognito-identity-js
 * (AuthenticationHelper + CognitoUser PASSWORD_VERIFIER). Small arithmetic uses BigInt; the 3072-bit
 * modexps are srp-group.ts's, on OpenSSL, and the client's run on a worker thread (srp-arithmetic.ts).
 */

const INFO = 'Caldera Derived Key';

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

export interface PasswordClaimInput {
  userPoolId: string;
  userIdForSrp: string;
  password: string;
  srpB: string;
  salt: string;
  secretBlock: string;
  timestamp?: string;
}

/** Client side, used by the gateway's sign-in; its modexps run on the SRP worker thread. */
export class SrpClient {
  /** Hex, sent as SRP_A (same formatting as identity-js: largeAValue.toString(16)). */
  readonly srpA: string;
  // ES private fields stay out of util.inspect / logs.
  readonly #a: bigint;
  readonly #A: bigint;
  readonly #arithmetic: SrpArithmetic;

  private constructor(a: bigint, A: bigint, arithmetic: SrpArithmetic) {
    if (A === 0n) throw new Error('Illegal paramater. A mod N cannot be 0.');
    this.#a = a;
    this.#A = A;
    this.#arithmetic = arithmetic;
    this.srpA = A.toString(16);
  }

  static async create(arithmetic = srpArithmetic): Promise<SrpClient> {
    const { a, A } = await arithmetic.ephemeral();
    return new SrpClient(a, A, arithmetic);
  }

  static async fromPrivateKey(aHex: string, arithmetic = srpArithmetic): Promise<SrpClient> {
    const a = parseHex('private key', aHex);
    if (a === 0n) throw new Error('SRP: private key must be non-zero');
    const { A } = await arithmetic.ephemeralOf(a);
    return new SrpClient(a, A, arithmetic);
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
    return hkdf(await this.#arithmetic.premasterSecret(B, x, this.#a + u * x), u);
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
