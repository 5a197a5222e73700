import { SrpArithmetic, srpArithmetic } from './srp-arithmetic';
import { N } from './srp-group';
import { computeU, computeX, hkdf, parseHex, poolNameOf, signClaim } from './srp-protocol';

/**
 * The client side of SRP-6a as Cognito user pools speak it (srp-protocol.ts). Small arithmetic uses
 * BigInt; the 3072-bit modexps are srp-group.ts's, on OpenSSL, run on a worker thread (srp-arithmetic.ts).
 */

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
      signature: signClaim(
        key,
        poolNameOf(input.userPoolId),
        input.userIdForSrp,
        input.secretBlock,
        timestamp,
      ),
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
