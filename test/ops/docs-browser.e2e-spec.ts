import type { Browser, BrowserContext, Page } from 'playwright-core';
import { artifactPath, launchChromium } from '../support/browser';
import { ADMIN_USERNAME, cognitoTokens, useStack } from '../support/harness';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** `METHOD /path` of every operation in the document, sorted. */
function documentOperations(document: any): string[] {
  return Object.entries(document.paths as Record<string, Record<string, unknown>>)
    .flatMap(([route, item]) =>
      Object.keys(item)
        .filter((method) => HTTP_METHODS.includes(method))
        .map((method) => `${method.toUpperCase()} ${route}`),
    )
    .sort();
}

describe('Swagger UI at /docs in a real browser (Debian chromium, security headers on)', () => {
  let browser: Browser | undefined;
  let context: BrowserContext;
  let page: Page;
  /** Console errors, uncaught page errors, CSP violations and failed requests seen by the page. */
  const problems: string[] = [];

  const stack = useStack();

  beforeAll(async () => {
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    // Below jest's timeout, so a stuck step fails with playwright's message naming the locator.
    context.setDefaultTimeout(10_000);
    // Caught in the page itself, so a violation is reported even if chromium's console wording changes.
    await context.addInitScript({
      content: `document.addEventListener('securitypolicyviolation', (event) => {
        console.error('CSP violation: ' + event.violatedDirective + ' blocked ' + (event.blockedURI || 'inline'));
      });`,
    });
    page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console.error: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('requestfailed', (request) =>
      problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`),
    );
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('renders one operation block for every operation of /docs-json, under the CSP', async () => {
    const document = (await stack.gateway.get('/docs-json')).body;
    const expected = documentOperations(document);
    expect(expected.length).toBeGreaterThan(0);

    const response = await page.goto(`${stack.gateway.baseUrl}/docs`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.locator('.opblock').first().waitFor();

    const rendered = await page.$$eval('.opblock', (blocks) =>
      blocks.map((block) => {
        const method = block.querySelector('.opblock-summary-method')?.textContent ?? '?';
        const route = block.querySelector('.opblock-summary-path')?.getAttribute('data-path') ?? '?';
        return `${method.trim().toUpperCase()} ${route}`;
      }),
    );
    expect(rendered.sort()).toEqual(expected);
    expect(await page.locator('.info .title').textContent()).toContain('Cognito Gateway');
  });

  it('Authorize with the admin’s access token, then Try it out → Execute on GET /auth/session shows 200 and the user', async () => {
    const { accessToken } = await cognitoTokens(stack.cognito);

    await page.locator('.scheme-container button.authorize').click();
    const modal = page.locator('.modal-ux');
    await modal.locator('input[type="text"]').fill(accessToken);
    await modal.locator('button.authorize').click();
    // Once authorized, the modal shows the scheme as set (a Logout button) instead of the input.
    await modal.locator('button', { hasText: 'Logout' }).waitFor();
    await modal.locator('button.btn-done').click();
    await modal.waitFor({ state: 'detached' });

    const operation = page.locator('#operations-auth-getSession');
    await operation.locator('.opblock-summary').first().click();
    await operation.locator('button.try-out__btn').click();
    const [sent] = await Promise.all([
      page.waitForResponse((res) => new URL(res.url()).pathname === '/auth/session'),
      operation.locator('button.execute').click(),
    ]);
    expect(sent.request().headers()['authorization']).toBe(`Bearer ${accessToken}`);
    expect(sent.status()).toBe(200);

    const live = operation.locator('.live-responses-table');
    await live.waitFor();
    expect((await live.locator('tr.response .response-col_status').first().textContent())?.trim()).toBe(
      '200',
    );
    const body = JSON.parse(
      (await live
        .locator('tr.response .response-col_description .highlight-code pre')
        .first()
        .textContent()) ?? '',
    );
    expect(body).toMatchObject({
      username: ADMIN_USERNAME,
      groups: ['admin'],
      clientId: stack.cognito.clientId,
    });

    await page.screenshot({ path: artifactPath('swagger-ui.png'), fullPage: true });
    // The whole page is tall; this one is readable at full size.
    await operation.screenshot({ path: artifactPath('swagger-ui-get-session.png') });
  });

  it('logged no console error, page error, failed request or CSP violation', () => {
    expect(problems).toEqual([]);
  });
});
