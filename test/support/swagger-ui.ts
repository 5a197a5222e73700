import type { Browser, BrowserContext, Locator, Page, Response } from 'playwright-core';
import { launchChromium } from './browser';

/**
 * Swagger UI at /docs driven as a person would: expand an operation, Try it out, edit the body or a
 * parameter, Execute, read the answer Swagger UI shows. Every wait is for an element or a response,
 * never a sleep, with timeouts generous enough for a slow, shared machine.
 */

/** Playwright's wait for any one element or response. */
export const UI_TIMEOUT_MS = 60_000;

export interface DocumentOperation {
  operationId: string;
  method: string;
  path: string;
  tag: string;
  /** Names of its header parameters. */
  headers: string[];
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

/** Every operation of an OpenAPI document, as Swagger UI names its block (`operations-<tag>-<id>`). */
export function documentOperations(document: any): DocumentOperation[] {
  return Object.entries(document.paths as Record<string, Record<string, any>>).flatMap(([route, item]) =>
    Object.keys(item)
      .filter((method) => HTTP_METHODS.includes(method))
      .map((method) => ({
        operationId: item[method].operationId as string,
        method: method.toUpperCase(),
        path: route,
        tag: (item[method].tags as string[] | undefined)?.[0] ?? 'default',
        headers: ((item[method].parameters ?? []) as { name: string; in: string }[])
          .filter((parameter) => parameter.in === 'header')
          .map((parameter) => parameter.name),
      })),
  );
}

/** What one Execute sent and got back. */
export interface Answer {
  status: number;
  /** The parsed JSON answer, the text when it is not JSON, undefined when empty. */
  body: any;
  /** What the request carried (execute checks that the edits made it in). */
  sentBody: unknown;
  sentHeaders: Record<string, string>;
  /** The status Swagger UI shows under "Server response". */
  shownStatus: string;
}

export interface Edits {
  /** Replaces the example body, given the example Swagger UI filled in. */
  body?: (example: any) => unknown;
  /** Parameter values typed over the filled-in ones (query, path, header), by name. */
  params?: Record<string, string>;
}

export class SwaggerUi {
  private constructor(
    readonly browser: Browser,
    readonly context: BrowserContext,
    readonly page: Page,
    private readonly baseUrl: string,
    private readonly operations: Map<string, DocumentOperation>,
  ) {}

  /** Opens /docs in a fresh headless chromium. */
  static async open(baseUrl: string, document: any): Promise<SwaggerUi> {
    const browser = await launchChromium();
    try {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      context.setDefaultTimeout(UI_TIMEOUT_MS);
      const page = await context.newPage();
      const response = await page.goto(`${baseUrl}/docs`);
      if (response?.status() !== 200) throw new Error(`/docs answered ${response?.status()}`);
      await page.locator('.opblock').first().waitFor();
      const operations = new Map(documentOperations(document).map((op) => [op.operationId, op]));
      return new SwaggerUi(browser, context, page, baseUrl, operations);
    } catch (error) {
      await browser.close();
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.browser.close();
  }

  /** The Authorize dialog: log out of any earlier token, then authorize with this one. */
  async authorize(accessToken: string): Promise<void> {
    await this.page.locator('.scheme-container button.authorize').click();
    const modal = this.page.locator('.modal-ux');
    const logout = modal.locator('button', { hasText: 'Logout' });
    if (await logout.isVisible()) await logout.click();
    await modal.locator('input[type="text"]').fill(accessToken);
    await modal.locator('button.authorize').click();
    // Once authorized, the dialog shows the scheme as set (a Logout button) instead of the input.
    await logout.waitFor();
    await modal.locator('button.btn-done').click();
    await modal.waitFor({ state: 'detached' });
  }

  /** The operation's block, opened and in "Try it out" mode. */
  async tryItOut(operationId: string): Promise<Locator> {
    const operation = this.operation(operationId);
    const block = this.page.locator(`[id="operations-${operation.tag}-${operationId}"]`);
    if (!(await block.evaluate((element) => element.classList.contains('is-open')))) {
      await block.locator('.opblock-summary').first().click();
    }
    const tryItOut = block.locator('button.try-out__btn', { hasText: 'Try it out' });
    // "Try it out", or "Cancel" (and "Reset") when the block is in that mode already.
    await block.locator('button.try-out__btn').first().waitFor();
    if (await tryItOut.isVisible()) await tryItOut.click();
    await block.locator('button.execute').waitFor();
    return block;
  }

  /** The body Swagger UI fills in from the operation's examples. */
  async exampleBody(operationId: string): Promise<any> {
    const block = await this.tryItOut(operationId);
    return JSON.parse(await block.locator('textarea.body-param__text').inputValue());
  }

  /** Try it out → (edits) → Execute; resolves once Swagger UI shows the answer. */
  async execute(operationId: string, edits: Edits = {}): Promise<Answer> {
    const operation = this.operation(operationId);
    const block = await this.tryItOut(operationId);
    for (const [name, value] of Object.entries(edits.params ?? {})) {
      const input = block.locator(`tr[data-param-name="${name}"] input`);
      await input.fill(value);
      // Swagger UI debounces parameter inputs; leaving the field hands the value over at once.
      await input.blur();
    }
    let typedBody: unknown;
    if (edits.body) {
      const textarea = block.locator('textarea.body-param__text');
      typedBody = edits.body(JSON.parse(await textarea.inputValue()));
      await textarea.fill(JSON.stringify(typedBody, null, 2));
    }
    // The answer of an earlier Execute of the same operation must not be mistaken for this one's.
    const clear = block.locator('button.btn-clear');
    if (await clear.isVisible()) {
      await clear.click();
      await block.locator('.live-responses-table').waitFor({ state: 'detached' });
    }
    const route = new RegExp(`^${operation.path.replace(/\{[^}]+\}/g, '[^/]+')}$`);
    const [response] = await Promise.all([
      this.page.waitForResponse(
        (candidate) =>
          candidate.request().method() === operation.method &&
          candidate.url().startsWith(this.baseUrl) &&
          route.test(new URL(candidate.url()).pathname),
      ),
      block.locator('button.execute').click(),
    ]);
    const status = block.locator('.live-responses-table tr.response .response-col_status').first();
    await status.waitFor();
    const sentBody: unknown = response.request().postDataJSON() ?? undefined;
    const sentHeaders = response.request().headers();
    if (typedBody !== undefined && JSON.stringify(sentBody) !== JSON.stringify(typedBody)) {
      throw new Error(`${operationId}: typed ${JSON.stringify(typedBody)}, sent ${JSON.stringify(sentBody)}`);
    }
    for (const [name, value] of Object.entries(edits.params ?? {})) {
      const sent = sentHeaders[name.toLowerCase()];
      if (operation.headers.includes(name) && sent !== value) {
        throw new Error(`${operationId}: typed ${name} ${value.slice(0, 20)}…, sent ${sent?.slice(0, 20)}…`);
      }
    }
    const answer = {
      status: response.status(),
      body: await bodyOf(response),
      sentBody,
      sentHeaders,
      shownStatus: ((await status.textContent()) ?? '').trim(),
    };
    // Closed again: every open block (its answer highlighted) slows each later render of the page.
    await block.locator('.opblock-summary').first().click();
    await block.locator('button.execute').waitFor({ state: 'detached' });
    return answer;
  }

  private operation(operationId: string): DocumentOperation {
    const operation = this.operations.get(operationId);
    if (!operation) throw new Error(`/docs-json has no operation ${operationId}`);
    return operation;
  }
}

async function bodyOf(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
