import { REDACTED, redactSecrets } from './redact';
import { requestIdFor } from './request-id';
import type { IncomingMessage } from 'node:http';

describe('redactSecrets', () => {
  it('replaces every secret-named field at any depth, in any spelling, and keeps the rest', () => {
    const logged = redactSecrets({
      context: 'CognitoSession',
      password: 'p',
      body: { username: 'alice', newPassword: 'n', session: 's', attributes: { name: 'Alice' } },
      tokens: [{ accessToken: 'a', idToken: 'i', refresh_token: 'r', expiresIn: 3600 }],
      headers: { Authorization: 'Bearer x', 'X-Id-Token': 'y', cookie: 'c', accept: '*/*' },
      AuthParameters: { PASSWORD: 'P', SRP_A: 'A' },
      deep: { a: { b: { c: { code: '123456', ConfirmationCode: '654321', SecretCode: 'S' } } } },
    });
    expect(logged).toEqual({
      context: 'CognitoSession',
      password: REDACTED,
      body: { username: 'alice', newPassword: REDACTED, session: REDACTED, attributes: { name: 'Alice' } },
      tokens: REDACTED,
      headers: { Authorization: REDACTED, 'X-Id-Token': REDACTED, cookie: REDACTED, accept: '*/*' },
      AuthParameters: { PASSWORD: REDACTED, SRP_A: 'A' },
      deep: { a: { b: { c: { code: REDACTED, ConfirmationCode: REDACTED, SecretCode: REDACTED } } } },
    });
  });

  it('leaves non-plain objects to their serializers and does not modify its input', () => {
    const error = Object.assign(new Error('boom'), { password: 'kept for the err serializer' });
    const input = { err: error, password: 'p' };
    expect(redactSecrets(input).err).toBe(error);
    expect(input.password).toBe('p');
  });
});

describe('requestIdFor', () => {
  const request = (id?: string) =>
    ({ headers: id === undefined ? {} : { 'x-request-id': id } }) as IncomingMessage;

  it('keeps an acceptable X-Request-Id', () => {
    expect(requestIdFor(request('abc.DEF_123-x'))).toBe('abc.DEF_123-x');
    expect(requestIdFor(request('a'.repeat(128)))).toBe('a'.repeat(128));
  });

  it.each([undefined, '', 'has space', 'quote"', 'new\nline', 'a'.repeat(129), 'ünï'])(
    'replaces %j with a fresh UUID',
    (id) => {
      expect(requestIdFor(request(id))).toMatch(/^[0-9a-f-]{36}$/);
    },
  );
});
