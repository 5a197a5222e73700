import { useStack } from '../support/harness';

/** The API's public routes: each handler marked @Public(), with GET's automatic HEAD twin. */
const PUBLIC_API_ROUTES = [
  'POST /auth/sign-in',
  'POST /auth/challenges/new-password',
  'POST /auth/challenges/mfa',
  'POST /auth/sign-in/passwordless',
  'POST /auth/challenges/otp',
  'POST /auth/sign-in/passkey',
  'POST /auth/challenges/passkey',
  'POST /auth/refresh',
  'POST /auth/revoke',
  'POST /auth/forgot-password',
  'POST /auth/forgot-password/confirm',
  'GET /auth/password-policy',
  'HEAD /auth/password-policy',
  'GET /health/live',
  'HEAD /health/live',
  'GET /health/ready',
  'HEAD /health/ready',
];

/** Served outside the API: Swagger UI and its documents, and the CORS preflight on any path. */
const PUBLIC_DOCS_ROUTES = [
  'GET /docs',
  'HEAD /docs',
  'GET /docs-json',
  'HEAD /docs-json',
  'GET /docs-yaml',
  'HEAD /docs-yaml',
];
const PREFLIGHT = 'OPTIONS *';
/** Swagger UI's own files (its page, scripts and licence) under /docs/: which ones is the library's business. */
const isSwaggerUiFile = (route: string) => /^(GET|HEAD) \/docs\/\S*$/.test(route);

/**
 * Every route Fastify serves, as "METHOD /path", read from its route tree: Nest's controllers and
 * whatever else registered a route (Swagger UI, CORS). Each tree line adds its segment to its parent's.
 */
function servedRoutes(tree: string): string[] {
  const routes: string[] = [];
  const paths: string[] = [];
  for (const line of tree.split('\n')) {
    const node = /^([│ ]*)[├└]── (\S+)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!node) continue;
    const depth = node[1].length / 4;
    paths[depth] = (depth > 0 ? paths[depth - 1] : '') + node[2];
    for (const method of node[3]?.split(', ') ?? []) routes.push(`${method} ${paths[depth]}`);
  }
  return routes.sort();
}

/** A concrete URL for a route: any value for a parameter or a wildcard, since no guard may look it up. */
const urlOf = (path: string) => (path === '*' ? '/anything' : path.replace(/:\w+|\*/g, 'someone'));

describe('every route is guarded unless it is @Public()', () => {
  const stack = useStack();
  let routes: string[];

  beforeAll(() => {
    routes = servedRoutes(
      stack.gateway.app.getHttpAdapter().getInstance().printRoutes({ commonPrefix: false }),
    );
  });

  it('reads the served routes: the whole API, Swagger UI and the CORS preflight', () => {
    expect(routes).toEqual(expect.arrayContaining([...PUBLIC_API_ROUTES, ...PUBLIC_DOCS_ROUTES, PREFLIGHT]));
    expect(routes).toEqual(
      expect.arrayContaining(['GET /auth/session', 'POST /auth/sign-out', 'DELETE /admin/users/:username']),
    );
    expect(routes.length).toBeGreaterThan(50);
  });

  it('without a token, every route but the known public ones answers 401 TOKEN_MISSING', async () => {
    const open: string[] = [];
    const wronglyRefused: string[] = [];
    for (const route of routes) {
      const [method, path] = route.split(' ');
      const res = await stack.gateway.request(method, urlOf(path), method === 'POST' ? { body: {} } : {});
      if (res.status !== 401) open.push(route);
      // A HEAD answer has no body to carry the code.
      else if (method !== 'HEAD' && res.body?.code !== 'TOKEN_MISSING')
        wronglyRefused.push(`${route}: ${res.text}`);
    }
    expect(wronglyRefused).toEqual([]);
    expect(open.filter((route) => !isSwaggerUiFile(route))).toEqual(
      [...PUBLIC_API_ROUTES, ...PUBLIC_DOCS_ROUTES, PREFLIGHT].sort(),
    );
  });

  it('the operations the OpenAPI document shows public (from @Public()) are exactly the public API routes', async () => {
    const document = (await stack.gateway.get('/docs-json')).body as {
      paths: Record<string, Record<string, { security?: unknown[] }>>;
    };
    const marked = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([, operation]) => operation.security?.length === 0)
        .map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    const expected = PUBLIC_API_ROUTES.filter((route) => !route.startsWith('HEAD '));
    expect(marked.sort()).toEqual(expected.sort());
  });
});
