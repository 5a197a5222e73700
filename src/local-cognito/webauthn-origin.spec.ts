import { originAllowed } from './webauthn-origin';

describe('originAllowed (the origins a pool relying party accepts)', () => {
  it.each([
    ['https://example.com', 'example.com'],
    ['https://app.example.com', 'example.com'],
    ['https://a.b.example.com:8443', 'example.com'],
    ['http://localhost:3000', 'localhost'],
    ['http://localhost', 'localhost'],
    ['https://localhost:8443', 'localhost'],
    ['http://app.localhost:5173', 'localhost'],
  ])('accepts %s for the RP ID %s', (origin, rpId) => {
    expect(originAllowed(origin, rpId)).toBe(true);
  });

  it.each([
    ['http://example.com', 'example.com', 'http off localhost'],
    ['https://evil-example.com', 'example.com', 'a suffix that is no subdomain'],
    ['https://example.com.evil.net', 'example.com', 'the RP ID as a prefix'],
    ['https://com', 'example.com', 'a parent domain'],
    ['https://other.org', 'example.com', 'another site'],
    ['http://127.0.0.1:3000', 'localhost', 'loopback by address'],
    ['ftp://example.com', 'example.com', 'another scheme'],
    ['https://example.com/path', 'example.com', 'a URL with a path'],
    ['https://Example.COM', 'example.com', 'not as a browser serializes it'],
    ['https://user@example.com', 'example.com', 'credentials in the URL'],
    ['example.com', 'example.com', 'no scheme'],
    ['', 'example.com', 'nothing'],
    ['null', 'example.com', 'an opaque origin'],
    ['https://example.com', '', 'no RP ID'],
  ])('refuses %s for the RP ID %s (%s)', (origin, rpId) => {
    expect(originAllowed(origin, rpId)).toBe(false);
  });
});
