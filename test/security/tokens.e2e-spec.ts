import type { KeyObject } from 'node:crypto';
import { fullSession, signedInUser } from '../support/auth-helpers';
import { cognitoTokens, HttpResult, useStack } from '../support/harness';
import {
  b64url,
  decodeJwt,
  localCognitoSigningKey,
  publicKeyPemFromJwks,
  signHs256,
  signRs256,
  strangerKey,
} from '../support/security-helpers';

const HOUR = 3600;

/** 401 with the contract's body and the expected code: never a 5xx, never a hint of why beyond the code. */
function expectRejected(res: HttpResult, code: string): void {
  expect({ status: res.status, body: res.body }).toEqual({
    status: 401,
    body: { statusCode: 401, code, message: expect.any(String) },
  });
}

describe('tokens: only our pool’s unexpired, unrevoked RS256 access tokens for our app client pass', () => {
  let accessToken: string;
  let idToken: string;
  let cognitoKey: KeyObject;

  const stack = useStack();

  beforeAll(async () => {
    ({ accessToken, idToken } = await cognitoTokens(stack.cognito));
    cognitoKey = localCognitoSigningKey();
  }, 60_000);

  const session = (authorization?: string) =>
    stack.gateway.get('/auth/session', { headers: authorization === undefined ? {} : { authorization } });

  /** The real token's claims, edited, signed with the pool's own key: only claim checks can refuse it. */
  const minted = (edit: (claims: Record<string, any>) => Record<string, any>, header: object = {}) => {
    const real = decodeJwt(accessToken);
    return signRs256({ ...real.header, ...header }, edit({ ...real.payload }), cognitoKey);
  };
  const now = () => Math.floor(Date.now() / 1000);

  describe('pass', () => {
    it.each([
      ['Bearer', 'Bearer'],
      ['lowercase bearer (auth schemes are case-insensitive, RFC 7235)', 'bearer'],
      ['upper-case BEARER', 'BEARER'],
    ])('a Cognito access token with the %s scheme', async (_what, scheme) => {
      const res = await session(`${scheme} ${accessToken}`);
      expect(res.status).toBe(200);
      expect(res.body.clientId).toBe(stack.cognito.clientId);
    });

    it('a token minted with the pool’s key and unchanged claims (so the refusals below are the claims’ doing)', async () => {
      const res = await session(`Bearer ${minted((claims) => ({ ...claims, jti: 'minted' }))}`);
      expect(res.status).toBe(200);
    });
  });

  describe('401 TOKEN_MISSING', () => {
    it.each([
      ['no Authorization header', undefined],
      ['an empty header', ''],
      ['the Basic scheme', 'Basic YWRtaW46QWRtaW4jUGFzc3cwcmQh'],
      ['Bearer without a token', 'Bearer '],
      ['a token without a scheme', 'TOKEN'],
      ['two tokens', 'Bearer TOKEN TOKEN'],
    ])('%s', async (_what, authorization) => {
      const header = authorization?.replace(/TOKEN/g, accessToken);
      expectRejected(await session(header), 'TOKEN_MISSING');
    });
  });

  describe('401 TOKEN_INVALID', () => {
    const forgeries: [string, () => string | Promise<string>][] = [
      ['garbage', () => 'not-a-jwt'],
      ['three dots of nothing', () => '..'],
      ['base64 garbage in three parts', () => `${b64url('{')}.${b64url('[')}.${b64url('x')}`],
      [
        'alg none, no signature',
        () => `${b64url({ alg: 'none', typ: 'JWT' })}.${accessToken.split('.')[1]}.`,
      ],
      [
        'alg none, the real signature kept',
        () => {
          const [, payload, signature] = accessToken.split('.');
          return `${b64url({ alg: 'none', kid: 'CognitoLocal' })}.${payload}.${signature}`;
        },
      ],
      ...(['spki', 'pkcs1'] as const).map((type): [string, () => Promise<string>] => [
        `HS256 with the pool’s public key (${type} PEM from the JWKS) as the HMAC secret`,
        async () => {
          const { header, payload } = decodeJwt(accessToken);
          return signHs256(header, payload, await publicKeyPemFromJwks(stack.cognito, type));
        },
      ]),
      [
        'an edited payload (cognito:groups) with the original signature',
        () => {
          const [header, , signature] = accessToken.split('.');
          const { payload } = decodeJwt(accessToken);
          return `${header}.${b64url({ ...payload, 'cognito:groups': ['admin', 'root'] })}.${signature}`;
        },
      ],
      ['a cut signature', () => accessToken.slice(0, accessToken.length - 20)],
      ['a missing signature', () => accessToken.slice(0, accessToken.lastIndexOf('.') + 1)],
      ['no signature part at all', () => accessToken.slice(0, accessToken.lastIndexOf('.'))],
      ['the id token', () => idToken],
      [
        'another key under the pool’s kid',
        () => signRs256(decodeJwt(accessToken).header, decodeJwt(accessToken).payload, strangerKey()),
      ],
      ['an unknown kid', () => minted((claims) => claims, { kid: 'rotated-away' })],
      ['no kid', () => minted((claims) => claims, { kid: undefined })],
      ['RS512 with the pool’s key (the JWKS says RS256)', () => minted((claims) => claims, { alg: 'RS512' })],
      ['another app client', () => minted((claims) => ({ ...claims, client_id: 'someoneelsesclient' }))],
      [
        'another issuer',
        () => minted((claims) => ({ ...claims, iss: 'https://evil.example/us-east-1_Evil' })),
      ],
      [
        'another pool of the same region',
        () => minted((claims) => ({ ...claims, iss: claims.iss.replace(/_[^_/]+$/, '_OtherPool1') })),
      ],
      ['token_use id', () => minted((claims) => ({ ...claims, token_use: 'id' }))],
      ['no token_use', () => minted((claims) => ({ ...claims, token_use: undefined }))],
      ['not before an hour from now (nbf)', () => minted((claims) => ({ ...claims, nbf: now() + HOUR }))],
      ['issued an hour from now (iat)', () => minted((claims) => ({ ...claims, iat: now() + HOUR }))],
      ['no exp', () => minted((claims) => ({ ...claims, exp: undefined }))],
      ['exp as a string', () => minted((claims) => ({ ...claims, exp: String(now() + HOUR) }))],
      ['a payload that is not an object', () => signRs256(decodeJwt(accessToken).header, ['x'], cognitoKey)],
      ['64 KB of token', () => 'a'.repeat(64 * 1024)],
    ];

    it.each(forgeries)('%s', async (_what, forge) => {
      expectRejected(await session(`Bearer ${await forge()}`), 'TOKEN_INVALID');
    });

    it('every forgery twice in a row (the verified-token cache and the JWKS back-off change nothing)', async () => {
      for (const [, forge] of forgeries) {
        const token = await forge();
        expect((await session(`Bearer ${token}`)).status).toBe(401);
        expect((await session(`Bearer ${token}`)).status).toBe(401);
      }
      expect((await session(`Bearer ${accessToken}`)).status).toBe(200);
    });
  });

  it('an expired access token is 401 TOKEN_EXPIRED; expired and edited is TOKEN_INVALID', async () => {
    stack.cognito.setClockOffset(-2 * HOUR * 1000);
    let expired: string;
    try {
      ({ accessToken: expired } = await cognitoTokens(stack.cognito));
    } finally {
      stack.cognito.setClockOffset(0);
    }
    expectRejected(await session(`Bearer ${expired}`), 'TOKEN_EXPIRED');
    const [header, , signature] = expired.split('.');
    const { payload } = decodeJwt(expired);
    const edited = `${header}.${b64url({ ...payload, exp: now() + HOUR })}.${signature}`;
    expectRejected(await session(`Bearer ${edited}`), 'TOKEN_INVALID');
  });

  it('a revoked access token (global sign-out) is 401 TOKEN_REVOKED', async () => {
    const user = await signedInUser(stack.gateway, stack.cognito, 'revoked');
    expect((await stack.gateway.post('/auth/sign-out', fullSession(user.tokens))).status).toBe(204);
    expectRejected(await session(`Bearer ${user.tokens.accessToken}`), 'TOKEN_REVOKED');
  });

  it('X-Id-Token gets the same checks: an access token, an unsigned or a future id token there is 401', async () => {
    const user = await signedInUser(stack.gateway, stack.cognito, 'idtoken');
    const { header, payload } = decodeJwt(user.tokens.idToken);
    for (const idToken of [
      user.tokens.accessToken,
      `${b64url({ alg: 'none' })}.${b64url(payload)}.`,
      signRs256(header, { ...payload, iat: now() + HOUR }, cognitoKey),
    ]) {
      const res = await stack.gateway.post('/auth/sign-out', {
        token: user.tokens.accessToken,
        headers: { 'x-id-token': idToken },
      });
      expectRejected(res, 'TOKEN_INVALID');
    }
    expect((await session(`Bearer ${user.tokens.accessToken}`)).status).toBe(200);
  });

  it('a header far over any token (200 KB) is a contract 4xx, not a dropped connection', async () => {
    const res = await session(`Bearer ${'a'.repeat(200 * 1024)}`);
    expect(res.status).toBe(431);
    expect(res.body).toEqual({ statusCode: 431, code: 'HEADERS_TOO_LARGE', message: expect.any(String) });
    expect((await session(`Bearer ${accessToken}`)).status).toBe(200);
  });
});
