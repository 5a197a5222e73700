import { existsSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { Browser, chromium } from 'playwright-core';

/** Debian's chromium; `npm test` (scripts/test.sh) installs it with apt-get when it is missing. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Screenshots and other files a test keeps for humans to look at (gitignored). */
export const ARTIFACTS_DIR = path.resolve(__dirname, '../../test-artifacts');

export function artifactPath(name: string): string {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  return path.join(ARTIFACTS_DIR, name);
}

/**
 * Launches the system chromium headless. Never downloads a browser, and never lets a test skip:
 * without chromium this throws, so every test that needs it fails with the reason.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}. The browser tests need Debian's chromium: run \`npm test\` ` +
        '(scripts/test.sh installs it) or `apt-get update && apt-get install -y chromium`.',
    );
  }
  // playwright-core gives every launch a fresh temporary profile (--user-data-dir) and removes it on close.
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
    timeout: 30_000,
  });
}
