import { createServer, Server } from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import { transpileModule, ModuleKind, ScriptTarget } from 'typescript';
import { launchChromium } from '../support/browser';
import { ADMIN_PASSWORD, ADMIN_USERNAME, Gateway, startStack } from '../support/harness';

const ROOT = path.resolve(__dirname, '../..');

/** The committed TypeScript client as the browser loads it: an ES module with openapi-fetch beside it. */
function clientModules(): Record<string, string> {
  const client = transpileModule(readFileSync(path.join(ROOT, 'clients/typescript/index.ts'), 'utf8'), {
    compilerOptions: { module: ModuleKind.ESNext, target: ScriptTarget.ES2022 },
  }).outputText;
  return {
    '/client.mjs': client,
    '/openapi-fetch.mjs': readFileSync(path.join(ROOT, 'node_modules/openapi-fetch/dist/index.mjs'), 'utf8'),
  };
}

const PAGE = `<!doctype html><html><head><meta charset="utf-8">
<script type="importmap">{"imports":{"openapi-fetch":"/openapi-fetch.mjs"}}</script>
<script type="module">
  import { createGatewayClient } from '/client.mjs';
  globalThis.createGatewayClient = createGatewayClient;
  globalThis.ready = true;
</script></head><body>frontend</body></html>`;

/** Serves the test page from an origin of its own (another port of the loopback). */
async function serveFrontend(): Promise<{ origin: string; server: Server }> {
  const files: Record<string, string> = { '/': PAGE, ...clientModules() };
  const server = createServer((request, response) => {
    const body = files[request.url ?? ''];
    if (body === undefined) {
      response.writeHead(404).end();
      return;
    }
    const type = request.url === '/' ? 'text/html' : 'text/javascript';
    response.writeHead(200, { 'content-type': `${type}; charset=utf-8` }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

interface Seen {
  step: string;
  status: number;
  requestId: string | null;
  retryAfter: string | null;
  code?: string;
}

describe('a browser frontend on another origin (CORS_ORIGINS set), through the generated client', () => {
  let gateway: Gateway;
  let close: () => Promise<void>;
  let frontend: { origin: string; server: Server };
  let browser: Browser;

  beforeAll(async () => {
    frontend = await serveFrontend();
    ({ gateway, stop: close } = await startStack({
      env: { CORS_ORIGINS: frontend.origin, RATE_LIMITS: 'on', RATE_LIMIT_FORGOT_PASSWORD: '1/900' },
    }));
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await close?.();
    await new Promise((resolve) => frontend?.server.close(resolve));
  });

  it('uses GET, POST, PUT, PATCH and DELETE with Authorization and X-Id-Token, and reads the exposed headers', async () => {
    const page = await browser.newPage();
    const blocked: string[] = [];
    page.on('console', (message) => {
      if (/CORS|Access-Control/i.test(message.text())) blocked.push(message.text());
    });
    await page.goto(`${frontend.origin}/`);
    await page.waitForFunction(() => (globalThis as unknown as { ready?: boolean }).ready === true);

    const seen = await page.evaluate(
      async ({ baseUrl, username, password }) => {
        type Client = {
          [method: string]: (
            path: string,
            init?: object,
          ) => Promise<{ response: Response; data?: any; error?: any }>;
        };
        const create = (globalThis as unknown as { createGatewayClient: (o: object) => Client })
          .createGatewayClient;
        const session: { accessToken?: string } = {};
        const client = create({ baseUrl, accessToken: () => session.accessToken });
        const steps: Seen[] = [];
        const note = (step: string, result: { response: Response; error?: { code?: string } }) =>
          steps.push({
            step,
            status: result.response.status,
            requestId: result.response.headers.get('x-request-id'),
            retryAfter: result.response.headers.get('retry-after'),
            code: result.error?.code,
          });

        const signIn = await client.POST('/auth/sign-in', { body: { username, password } });
        note('POST sign-in', signIn);
        session.accessToken = signIn.data.tokens.accessToken;
        const idToken: string = signIn.data.tokens.idToken;
        note('GET users', await client.GET('/admin/users', { params: { query: { limit: 5 } } }));
        note('POST group', await client.POST('/admin/groups', { body: { name: 'cors-editors' } }));
        const membership = { params: { path: { username, group: 'cors-editors' } } };
        note('PUT membership', await client.PUT('/admin/users/{username}/groups/{group}', membership));
        note('PATCH me', await client.PATCH('/auth/me', { body: { attributes: { name: 'Cross Origin' } } }));
        note('DELETE membership', await client.DELETE('/admin/users/{username}/groups/{group}', membership));
        note(
          'DELETE group',
          await client.DELETE('/admin/groups/{group}', { params: { path: { group: 'cors-editors' } } }),
        );
        for (let i = 0; i < 2; i += 1) {
          note('POST forgot', await client.POST('/auth/forgot-password', { body: { username } }));
        }
        note(
          'POST sign-out',
          await client.POST('/auth/sign-out', { params: { header: { 'X-Id-Token': idToken } } }),
        );
        note('GET session after sign-out', await client.GET('/auth/session'));
        return steps;
      },
      { baseUrl: gateway.baseUrl, username: ADMIN_USERNAME, password: ADMIN_PASSWORD },
    );

    expect(blocked).toEqual([]);
    expect(seen.map(({ step, status }) => `${step} ${status}`)).toEqual([
      'POST sign-in 200',
      'GET users 200',
      'POST group 201',
      'PUT membership 204',
      'PATCH me 200',
      'DELETE membership 204',
      'DELETE group 204',
      'POST forgot 202',
      'POST forgot 429',
      'POST sign-out 204',
      'GET session after sign-out 401',
    ]);
    for (const step of seen) expect(step.requestId).toMatch(/\S+/);
    expect(Number(seen.find((s) => s.status === 429)?.retryAfter)).toBeGreaterThan(0);
    expect(seen.at(-1)?.code).toBe('TOKEN_REVOKED');
  }, 60_000);

  it('answers a preflight for each method the API uses with that method allowed', async () => {
    for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) {
      const preflight = await fetch(`${gateway.baseUrl}/admin/users/alice`, {
        method: 'OPTIONS',
        headers: {
          origin: frontend.origin,
          'access-control-request-method': method,
          'access-control-request-headers': 'authorization,x-id-token,content-type',
        },
      });
      expect(preflight.status).toBeLessThan(300);
      expect(preflight.headers.get('access-control-allow-origin')).toBe(frontend.origin);
      expect(preflight.headers.get('access-control-allow-methods')?.split(/,\s*/)).toContain(method);
    }
  });
});
