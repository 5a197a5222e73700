import { randomBytes, timingSafeEqual } from 'node:crypto';
import { G, hexToBigInt, K, modPow, N, randomPrivateKey } from '../cognito/srp-group';
import { computeU, computeX, hkdf, parseHex, poolNameOf, signClaim } from '../cognito/srp-protocol';

/** The server side of SRP-6a: the local Cognito checks a real SRP sign-in with it. */
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
    signClaim(hkdf(S, u), poolName, input.userIdForSrp, input.secretBlock, input.timestamp),
  );
  const given = Buffer.from(input.signature, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
