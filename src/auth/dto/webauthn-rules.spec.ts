import { isWebAuthnCredential } from './webauthn-rules';
import { AUTHENTICATION_CREDENTIAL_EXAMPLE, REGISTRATION_CREDENTIAL_EXAMPLE } from './webauthn-examples';

describe('isWebAuthnCredential', () => {
  it('takes what PublicKeyCredential.toJSON() gives for each ceremony', () => {
    expect(isWebAuthnCredential(REGISTRATION_CREDENTIAL_EXAMPLE, 'registration')).toBe(true);
    expect(isWebAuthnCredential(AUTHENTICATION_CREDENTIAL_EXAMPLE, 'authentication')).toBe(true);
  });

  it('takes fields a newer browser adds, and a null userHandle or attachment', () => {
    const credential = {
      ...AUTHENTICATION_CREDENTIAL_EXAMPLE,
      authenticatorAttachment: null,
      future: { anything: 1 },
      response: { ...AUTHENTICATION_CREDENTIAL_EXAMPLE.response, userHandle: null },
    };
    expect(isWebAuthnCredential(credential, 'authentication')).toBe(true);
  });

  it.each([
    ['a sign-in response offered for a registration', AUTHENTICATION_CREDENTIAL_EXAMPLE, 'registration'],
    ['a registration offered for a sign-in', REGISTRATION_CREDENTIAL_EXAMPLE, 'authentication'],
    ['a string', 'credential', 'authentication'],
    ['an array', [AUTHENTICATION_CREDENTIAL_EXAMPLE], 'authentication'],
    ['null', null, 'authentication'],
    ['another type', { ...AUTHENTICATION_CREDENTIAL_EXAMPLE, type: 'password' }, 'authentication'],
    ['an id that is not base64url', { ...AUTHENTICATION_CREDENTIAL_EXAMPLE, id: 'a b' }, 'authentication'],
    [
      'an id over 1023 bytes',
      { ...AUTHENTICATION_CREDENTIAL_EXAMPLE, id: 'A'.repeat(1365) },
      'authentication',
    ],
    [
      'a signature that is a number',
      {
        ...AUTHENTICATION_CREDENTIAL_EXAMPLE,
        response: { ...AUTHENTICATION_CREDENTIAL_EXAMPLE.response, signature: 42 },
      },
      'authentication',
    ],
    [
      'a response over 32 KB',
      {
        ...AUTHENTICATION_CREDENTIAL_EXAMPLE,
        response: { ...AUTHENTICATION_CREDENTIAL_EXAMPLE.response, signature: 'A'.repeat(40_000) },
      },
      'authentication',
    ],
    [
      'transports that are not strings',
      {
        ...REGISTRATION_CREDENTIAL_EXAMPLE,
        response: { ...REGISTRATION_CREDENTIAL_EXAMPLE.response, transports: [{}] },
      },
      'registration',
    ],
  ] as const)('refuses %s', (_case, value, kind) => {
    expect(isWebAuthnCredential(value, kind)).toBe(false);
  });
});
