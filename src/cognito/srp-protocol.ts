import { createHmac, hkdfSync } from 'node:crypto';
import { hexHash, hexToBigInt, padHex, sha256Hex } from './srp-group';

/**
 * The steps of Cognito's SRP-6a that both sides compute, byte-compatible with amazon-cognito-identity-js
 * (AuthenticationHelper + CognitoUser PASSWORD_VERIFIER): the client in srp.ts, and the local Cognito's
 * server side, which checks what the client signed.
 */

const INFO = 'Caldera Derived Key';

export function parseHex(name: string, hex: string): bigint {
  if (!/^[0-9a-f]+$/i.test(hex)) throw new Error(`SRP: ${name} is not a hex string`);
  return hexToBigInt(hex);
}

export function poolNameOf(userPoolId: string): string {
  // CognitoUserPool.getUserPoolName(): the part after '_' of e.g. 'eu-west-1_AbC123'.
  const name = userPoolId.split('_')[1];
  if (!name) throw new Error(`SRP: invalid user pool id '${userPoolId}'`);
  return name;
}

export function computeX(poolName: string, userIdForSrp: string, password: string, salt: bigint): bigint {
  const userHash = sha256Hex(`${poolName}${userIdForSrp}:${password}`);
  return hexToBigInt(hexHash(padHex(salt) + userHash));
}

export const computeU = (A: bigint, B: bigint): bigint => hexToBigInt(hexHash(padHex(A) + padHex(B)));

/** The 16-byte key the password claim is signed with, from the premaster secret S. */
export const hkdf = (S: bigint, u: bigint): Buffer =>
  Buffer.from(hkdfSync('sha256', Buffer.from(padHex(S), 'hex'), Buffer.from(padHex(u), 'hex'), INFO, 16));

/** PASSWORD_CLAIM_SIGNATURE. */
export function signClaim(
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
