import { createServer, type Server } from 'node:http';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { launchChromium } from './browser';
import { freePort } from './ports';

/**
 * A real chromium on a blank page of http://localhost:<port>/ (a secure context, RP ID 'localhost'), with the
 * Chrome DevTools Protocol's virtual authenticator standing in for the platform's passkey store.
 */
export interface VirtualAuthenticator {
  /** 'http://localhost:<port>': the page's origin (RP ID 'localhost'). */
  origin: string;
  page: Page;
  /** navigator.credentials.create() with PublicKeyCredential.parseCreationOptionsFromJSON(options); returns credential.toJSON() */
  create(options: Record<string, unknown>): Promise<Record<string, any>>;
  /** navigator.credentials.get() with parseRequestOptionsFromJSON(options); returns credential.toJSON() */
  get(options: Record<string, unknown>): Promise<Record<string, any>>;
  /** Removes the current virtual authenticator and adds a fresh empty one (another device). */
  newDevice(): Promise<void>;
  close(): Promise<void>;
}

const PAGE =
  '<!doctype html><html><head><meta charset="utf-8"><title>passkeys</title></head><body></body></html>';

/** A platform passkey store as a phone or laptop has one, for the DevTools virtual authenticator. */
export const PLATFORM_AUTHENTICATOR = {
  protocol: 'ctap2',
  transport: 'internal',
  hasResidentKey: true,
  hasUserVerification: true,
  isUserVerified: true,
  automaticPresenceSimulation: true,
} as const;

/** The few browser globals the page code uses (the test build has no DOM lib). */
interface BrowserWebAuthn {
  PublicKeyCredential: {
    parseCreationOptionsFromJSON(json: unknown): unknown;
    parseRequestOptionsFromJSON(json: unknown): unknown;
  };
  navigator: {
    credentials: {
      create(options: { publicKey: unknown }): Promise<{ toJSON(): Record<string, any> }>;
      get(options: { publicKey: unknown }): Promise<{ toJSON(): Record<string, any> }>;
    };
  };
}

/** What the page sends back: the credential's JSON, or the DOMException's name and message. */
type Outcome = { credential: Record<string, any> } | { error: { name: string; message: string } };

/** Turns a browser-side failure into a rejection whose name and message are the DOMException's. */
function settle(outcome: Outcome): Record<string, any> {
  if ('credential' in outcome) return outcome.credential;
  const error = new Error(outcome.error.message);
  error.name = outcome.error.name;
  throw error;
}

/** One WebAuthn call in the page, with the options' JSON form in and the credential's JSON form out. */
async function ceremony(
  page: Page,
  kind: 'create' | 'get',
  options: Record<string, unknown>,
): Promise<Record<string, any>> {
  const outcome = await page.evaluate(
    async ({ kind, json }): Promise<Outcome> => {
      try {
        const { PublicKeyCredential, navigator } = globalThis as unknown as BrowserWebAuthn;
        const credential =
          kind === 'create'
            ? await navigator.credentials.create({
                publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(json),
              })
            : await navigator.credentials.get({
                publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(json),
              });
        return { credential: credential.toJSON() };
      } catch (e) {
        const { name, message } = e as { name: unknown; message: unknown };
        return { error: { name: String(name), message: String(message) } };
      }
    },
    { kind, json: options },
  );
  return settle(outcome);
}

export async function startVirtualAuthenticator(): Promise<VirtualAuthenticator> {
  const port = await freePort();
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const closeServer = () => new Promise<void>((resolve) => server.close(() => resolve()));

  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    const page = await browser.newPage();
    const origin = `http://localhost:${port}`;
    await page.goto(`${origin}/`);
    const cdp: CDPSession = await page.context().newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    let authenticatorId = (
      await cdp.send('WebAuthn.addVirtualAuthenticator', { options: PLATFORM_AUTHENTICATOR })
    ).authenticatorId;

    const openBrowser = browser;
    return {
      origin,
      page,
      create: (options) => ceremony(page, 'create', options),
      get: (options) => ceremony(page, 'get', options),
      async newDevice() {
        await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId });
        authenticatorId = (
          await cdp.send('WebAuthn.addVirtualAuthenticator', { options: PLATFORM_AUTHENTICATOR })
        ).authenticatorId;
      },
      async close() {
        await openBrowser.close();
        await closeServer();
      },
    };
  } catch (e) {
    await browser?.close();
    await closeServer();
    throw e;
  }
}
