import { createDiffieHellman, createHash, randomBytes } from 'node:crypto';

/**
 * The group arithmetic of Cognito's SRP-6a: the RFC 5054 3072-bit prime N, g = 2, k = H(N | g), and
 * every 3072-bit modexp on OpenSSL (~20x faster than the jsbn code identity-js uses). Synchronous:
 * the client runs it on a worker thread (srp-arithmetic.ts), the local Cognito's server side inline.
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
export const G = 2n;
// RFC 5054 asks for private values of at least 256 bits. identity-js draws 1024, which only makes every
// modexp slower; Cognito accepts any size, and so does the math below (tests cover 1 to 128 bytes).
const PRIVATE_KEY_BYTES = 32;

export const hexToBigInt = (hex: string): bigint => BigInt(`0x${hex}`);

function toBuffer(x: bigint): Buffer {
  const hex = x.toString(16);
  return Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
}

/** identity-js padHex for non-negative values: even length, plus '00' when the top bit is set. */
export function padHex(x: bigint): string {
  let hex = x.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  return /^[89a-f]/.test(hex) ? `00${hex}` : hex;
}

export const sha256Hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
export const hexHash = (hex: string): string => sha256Hex(Buffer.from(hex, 'hex'));

export const K = hexToBigInt(hexHash(padHex(N) + padHex(G)));

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
 * Some OpenSSL 3 builds recognise N as RFC 3526's group 15 and then check every public value with a
 * full-size modexp (value^q = 1), several times the cost of the exponentiation itself, and half of all
 * bases (the non-residues) are refused. Over 3N, which is no known group, only the range is checked; the
 * 3072-bit N itself has a faster path, kept where it works.
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

/**
 * Made on first use: a DH context over the prime N runs OpenSSL's prime check, over a second of CPU,
 * which the gateway's main thread (it loads this module for its constants) need not pay at boot.
 */
let openSsl: ((base: bigint, exp: bigint) => bigint) | undefined;

const openSslContext = (): ((base: bigint, exp: bigint) => bigint) => (openSsl ??= fastestModPow());

/** Makes the OpenSSL context now, for a caller whose first modexp must not wait for its prime check. */
export function prepareModPow(): void {
  openSslContext();
}

export function modPow(base: bigint, exp: bigint): bigint {
  base = ((base % N) + N) % N;
  if (exp === 0n) return 1n;
  // OpenSSL rejects 0, 1 and N-1 as DH public values, so those bases are answered here.
  if (base <= 1n) return base;
  if (base === N - 1n) return exp % 2n === 0n ? 1n : base;
  return openSslContext()(base, exp);
}

export const randomPrivateKey = (): bigint => hexToBigInt(randomBytes(PRIVATE_KEY_BYTES).toString('hex'));

/** Key pairs drawn ahead of need, in the SRP worker and beside the event loop (srp-arithmetic.ts). */
export const SPARE_EPHEMERALS = 4;

/** A client's ephemeral key pair: private a, public A = g^a. */
export interface Ephemeral {
  a: bigint;
  A: bigint;
}

export function ephemeralOf(a: bigint): Ephemeral {
  return { a, A: modPow(G, a) };
}

/**
 * The client's premaster secret S = (B - k·g^x)^(a + u·x) mod N, given e = a + u·x: one modexp of a
 * 512-bit exponent after g^x (identity-js calculateS).
 */
export function premasterSecret(B: bigint, x: bigint, e: bigint): bigint {
  return modPow(B - K * modPow(G, x), e);
}
