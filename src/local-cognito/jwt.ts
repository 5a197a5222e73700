import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

export type JwtPayload = Record<string, unknown>;

/** Minimal RS256 JWS signer/verifier over one key pair (cognito-local's, whose JWKS the emulator serves). */
export class JwtSigner {
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;

  constructor(privateKeyPem: string) {
    this.privateKey = createPrivateKey(privateKeyPem);
    this.publicKey = createPublicKey(this.privateKey);
  }

  sign(header: Record<string, string>, payload: JwtPayload): string {
    const signingInput = `${encode({ ...header, alg: 'RS256' })}.${encode(payload)}`;
    const signature = sign('RSA-SHA256', Buffer.from(signingInput), this.privateKey).toString('base64url');
    return `${signingInput}.${signature}`;
  }

  /** The payload when the signature is ours and the token well-formed; undefined otherwise. */
  verify(token: unknown): JwtPayload | undefined {
    if (typeof token !== 'string') return undefined;
    const parts = token.split('.');
    if (parts.length !== 3) return undefined;
    try {
      const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')) as { alg?: unknown };
      if (header.alg !== 'RS256') return undefined;
      const ok = verify(
        'RSA-SHA256',
        Buffer.from(`${parts[0]}.${parts[1]}`),
        this.publicKey,
        Buffer.from(parts[2], 'base64url'),
      );
      if (!ok) return undefined;
      const payload: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
      return payload && typeof payload === 'object' ? (payload as JwtPayload) : undefined;
    } catch {
      return undefined;
    }
  }
}

const encode = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
