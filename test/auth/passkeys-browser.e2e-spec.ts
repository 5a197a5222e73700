import { createServer, type Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { PASSWORD, createUser, uniqueUsername } from '../support/auth-helpers';
import { artifactPath, launchChromium } from '../support/browser';
import { type Stack, startStack } from '../support/harness';
import { freePort } from '../support/ports';
import { PLATFORM_AUTHENTICATOR } from '../support/virtual-authenticator';

/**
 * A frontend's passkey journey, as a page of its own would run it: plain fetch to the gateway (another
 * origin, allowed by CORS_ORIGINS) and the two WebAuthn calls of the browser, nothing else.
 */
const FRONTEND = `<!doctype html>
<html><head><meta charset="utf-8"><title>Passkeys with Cognito Gateway</title></head>
<body><h1>Passkeys</h1><ol id="log"></ol>
<script>
  const log = (line) => {
    const item = document.createElement('li');
    item.textContent = line;
    document.getElementById('log').append(item);
  };
  async function call(api, method, path, { body, token, idToken } = {}) {
    const headers = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (token) headers.authorization = 'Bearer ' + token;
    if (idToken) headers['x-id-token'] = idToken;
    const res = await fetch(api + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }
  async function ok(api, method, path, options) {
    const res = await call(api, method, path, options);
    if (res.status >= 300) throw new Error(method + ' ' + path + ' answered ' + res.status + ' ' + JSON.stringify(res.body));
    return res.body;
  }
  window.passkeyJourney = async ({ api, username, password }) => {
    const signedIn = await ok(api, 'POST', '/auth/sign-in', { body: { username, password } });
    const first = signedIn.tokens;
    log('1. signed in with a password');

    const { credentialCreationOptions } = await ok(api, 'POST', '/auth/passkeys/registration', { token: first.accessToken });
    const created = await navigator.credentials.create({
      publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(credentialCreationOptions),
    });
    const passkey = await ok(api, 'POST', '/auth/passkeys', { token: first.accessToken, body: { credential: created.toJSON() } });
    log('2. registered a passkey: ' + passkey.credentialId);

    await ok(api, 'POST', '/auth/sign-out', { token: first.accessToken, idToken: first.idToken });
    const afterSignOut = await call(api, 'GET', '/auth/session', { token: first.accessToken });
    log('3. signed out: the old access token now gets ' + afterSignOut.status + ' ' + afterSignOut.body.code);

    const started = await ok(api, 'POST', '/auth/sign-in/passkey', { body: { username } });
    const assertion = await navigator.credentials.get({
      publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(started.challenge.credentialRequestOptions),
    });
    const back = await ok(api, 'POST', '/auth/challenges/passkey', {
      body: { username, session: started.challenge.session, credential: assertion.toJSON() },
    });
    const session = await ok(api, 'GET', '/auth/session', { token: back.tokens.accessToken });
    log('4. signed back in with the passkey as ' + session.username);
    return {
      passkey,
      challenge: started.challenge.name,
      afterSignOut,
      status: back.status,
      sessionUsername: session.username,
      listed: await ok(api, 'GET', '/auth/passkeys', { token: back.tokens.accessToken }),
    };
  };
</script></body></html>`;

describe('a frontend page signs in with a password, registers a passkey, signs out, signs in with it (Debian chromium)', () => {
  let stack: Stack;
  let server: Server;
  let browser: Browser;
  let page: Page;
  let origin: string;

  beforeAll(async () => {
    const port = await freePort();
    origin = `http://localhost:${port}`;
    server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(FRONTEND));
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    stack = await startStack({ env: { CORS_ORIGINS: origin } });
    browser = await launchChromium();
    page = await browser.newPage();
    await page.goto(`${origin}/`);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', { options: PLATFORM_AUTHENTICATOR });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  it('runs the whole journey through the gateway', async () => {
    const { username } = await createUser(stack.cognito, uniqueUsername('browser-pk'), {
      permanentPassword: PASSWORD,
    });
    const api = stack.gateway.baseUrl;
    const result = await page.evaluate(
      (input) =>
        (
          globalThis as unknown as {
            passkeyJourney(i: typeof input): Promise<Record<string, any>>;
          }
        ).passkeyJourney(input),
      { api, username, password: PASSWORD },
    );
    await page.screenshot({ path: artifactPath('passkeys-browser.png') });

    expect(result.afterSignOut).toEqual({
      status: 401,
      body: expect.objectContaining({ code: 'TOKEN_REVOKED' }),
    });
    expect(result.challenge).toBe('WEB_AUTHN');
    expect(result.status).toBe('AUTHENTICATED');
    expect(result.sessionUsername).toBe(username);
    expect(result.passkey).toMatchObject({ relyingPartyId: 'localhost' });
    expect(result.listed).toEqual({ passkeys: [result.passkey] });
    expect(await page.locator('#log li').count()).toBe(4);
  });
});
