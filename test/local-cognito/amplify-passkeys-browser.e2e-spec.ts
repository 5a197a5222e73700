import { build } from 'esbuild';
import { createServer, type Server } from 'node:http';
import * as path from 'node:path';
import type { JourneyInput } from './pages/amplify-passkeys.page';
import { PASSWORD, useEmulator } from '../support/emulator';
import { freePort } from '../support/ports';
import { startVirtualAuthenticator, type VirtualAuthenticator } from '../support/virtual-authenticator';

/**
 * Amplify v6's passkey API (associateWebAuthnCredential, USER_AUTH with WEB_AUTHN, list and delete) in a
 * real browser against the local Cognito: Amplify turns the options into WebAuthn calls and back itself,
 * so this checks that what the emulator gives and takes is what AWS's own client expects. The page is the
 * bundle of pages/amplify-passkeys.page.ts, served on localhost; the browser is Debian's chromium with the
 * DevTools virtual authenticator.
 */
describe('local Cognito: AWS Amplify v6 passkeys in chromium', () => {
  const local = useEmulator();
  let device: VirtualAuthenticator;
  let server: Server;

  beforeAll(async () => {
    const bundle = await build({
      entryPoints: [path.join(__dirname, 'pages/amplify-passkeys.page.ts')],
      bundle: true,
      platform: 'browser',
      format: 'iife',
      write: false,
      logLevel: 'silent',
    });
    const script = bundle.outputFiles[0].text;
    const page =
      '<!doctype html><html><head><meta charset="utf-8"><script src="/app.js"></script></head></html>';
    const port = await freePort();
    server = createServer((req, res) => {
      if (req.url === '/app.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
      else res.writeHead(200, { 'content-type': 'text/html' }).end(page);
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    device = await startVirtualAuthenticator();
    // Another localhost origin: the relying party is still `localhost`, and the authenticator stays.
    await device.page.goto(`http://localhost:${port}/`);
  }, 120_000);

  afterAll(async () => {
    await device?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  it('signs in with a password, registers a passkey, signs in with it alone, lists and deletes it', async () => {
    const username = await local.confirmedUser();
    const input: JourneyInput = {
      userPoolId: local.emu.userPoolId,
      clientId: local.emu.clientId,
      endpoint: local.emu.endpoint,
      username,
      password: PASSWORD,
    };
    const result = await device.page.evaluate(
      (given) =>
        (
          globalThis as unknown as {
            passkeyJourney(i: JourneyInput): Promise<Record<string, unknown>>;
          }
        ).passkeyJourney(given),
      input,
    );
    expect(result).toEqual({
      withPassword: 'DONE',
      registered: [
        {
          credentialId: expect.stringMatching(/^[A-Za-z0-9_-]+$/),
          relyingPartyId: 'localhost',
          friendlyCredentialName: expect.any(String),
        },
      ],
      withPasskey: 'DONE',
      signedInAs: username,
      accessTokenSub: expect.any(String),
      afterDelete: 0,
    });
    process.stdout.write('Amplify v6 passkey journey passed: 1/1\n');
  });
});
