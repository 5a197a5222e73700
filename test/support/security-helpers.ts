import {
  createHmac,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  KeyObject,
  sign,
} from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { LocalCognito } from '../../src/local-cognito/local-cognito';

/** A client address as a trusted proxy reports it (TEST-NET-3: a header value only, never a target). */
export function forwardedFor(ip: string): Record<string, string> {
  return { 'x-forwarded-for': ip };
}

let lastOctet = 0;
/** A new client address each call, so that one test's attempts never count against another's. */
export function nextClientIp(): string {
  lastOctet += 1;
  return `203.0.113.${lastOctet % 250}`;
}

export function retryAfterSeconds(headers: Headers): number {
  const value = headers.get('retry-after');
  if (value === null || !/^\d+$/.test(value)) throw new Error(`Retry-After is ${value}`);
  return Number(value);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export const b64url = (value: object | string): string =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

export function decodeJwt(token: string): { header: Record<string, any>; payload: Record<string, any> } {
  const [header, payload] = token.split('.');
  return {
    header: JSON.parse(Buffer.from(header, 'base64url').toString()),
    payload: JSON.parse(Buffer.from(payload, 'base64url').toString()),
  };
}

/** RS256 over header and payload as given (the header's alg and kid are the caller's to choose). */
export function signRs256(header: object, payload: object, key: KeyObject): string {
  const input = `${b64url(header)}.${b64url(payload)}`;
  return `${input}.${sign('RSA-SHA256', Buffer.from(input), key).toString('base64url')}`;
}

/**
 * The key the local Cognito signs with: cognito-local ships it in its npm package. Tests only use it
 * to mint tokens with claims Cognito would never issue (other client, other issuer, future iat…).
 */
export function localCognitoSigningKey(): KeyObject {
  const file = require.resolve('cognito-local/lib/keys/cognitoLocal.private.json');
  const { pem } = JSON.parse(readFileSync(file, 'utf8')) as { pem: string };
  return createPrivateKey(pem);
}

/** A key pair nobody trusts. */
export function strangerKey(): KeyObject {
  return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
}

/** The pool's public key as a PEM built from the served JWKS (`n`, `e`), as an attacker would. */
export async function publicKeyPemFromJwks(cognito: LocalCognito, type: 'spki' | 'pkcs1'): Promise<string> {
  const response = await fetch(cognito.jwksUri);
  const { keys } = (await response.json()) as { keys: { kty: string; n: string; e: string }[] };
  const publicKey = createPublicKey({ key: { kty: 'RSA', n: keys[0].n, e: keys[0].e }, format: 'jwk' });
  return publicKey.export({ type, format: 'pem' }).toString();
}

/** The algorithm-confusion forgery: HS256 whose HMAC secret is the RSA public key's PEM. */
export function signHs256(header: object, payload: object, secret: string): string {
  const input = `${b64url({ ...header, alg: 'HS256' })}.${b64url(payload)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}
