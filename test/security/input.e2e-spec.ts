import fc from 'fast-check';
import { runInThisContext } from 'node:vm';
import { signedInUser, TokenSet } from '../support/auth-helpers';
import {
  ApiOperation,
  contractViolation,
  fillPath,
  NamePools,
  NASTY_PATH_SEGMENTS,
  operationsOf,
  PROTOTYPE_NAMES,
  Schema,
  validValue,
} from '../support/fuzz';
import { HttpResult, useStack } from '../support/harness';
import { watchProcessFailures } from '../support/processes';

const NAMES: NamePools = {
  usernames: ['nobody-hostile'],
  groups: ['no-such-group'],
  passwords: ['Str0ng#Passw0rd'],
};
const JSON_TYPES: unknown[] = [null, true, 0, 12.5, 'text', [], ['a'], {}, { a: 1 }];
const CONTROL_STRINGS = ['a\u0000b', '\u0000', 'a\u0001b', 'x\u001bz', 'a\u007fb', 'a\u0085b', 'line\u0008'];
const DEPTH = 10_000;

interface Expectation {
  /** Statuses the case may answer; default any 4xx. */
  statuses?: number[];
  code?: string;
  /** Routes without a body may ignore what they were sent. */
  successAllowed?: boolean;
}

/** The top-level string properties of a body schema, plus one attribute when it takes a name→text map. */
type Slot = (value: string) => Record<string, unknown>;

function stringSlots(schema: Schema): Slot[] {
  return Object.entries(schema.properties ?? {}).flatMap(([name, property]): Slot[] => {
    if (property.type === 'string' && !property.enum) return [(value: string) => ({ [name]: value })];
    if (property.type === 'object' && typeof property.additionalProperties === 'object') {
      return [(value: string) => ({ [name]: { name: value } })];
    }
    if (property.type === 'array' && property.items?.type === 'string')
      return [(value: string) => ({ [name]: [value] })];
    return [];
  });
}

describe('hostile input on every route of /docs-json: a contract 4xx, never a 5xx', () => {
  let operations: ApiOperation[];
  const userTokens = new Map<string, TokenSet>();
  const watcher = watchProcessFailures();
  const prototypeKeys = Object.getOwnPropertyNames(Object.prototype);
  const stack = useStack();

  beforeAll(async () => {
    operations = operationsOf((await stack.gateway.get('/docs-json')).body);
    // Each user route gets its own signed-in user: a sign-out on one cannot starve the others.
    for (const op of operations.filter((o) => !o.isPublic && !o.path.startsWith('/admin'))) {
      userTokens.set(op.operationId, (await signedInUser(stack.gateway, stack.cognito, 'hostile')).tokens);
    }
  }, 120_000);

  afterEach(() => expect(watcher.failures).toEqual([]));
  afterAll(() => watcher.stop());

  const withBody = (): ApiOperation[] => operations.filter((o) => o.body);
  let seed = 0;
  /** A valid-ish body, new each time so that create routes do not answer 409 to the same name. */
  const baseBody = (op: ApiOperation): Record<string, unknown> =>
    op.body
      ? (fc.sample(validValue(op.body, NAMES), { numRuns: 1, seed: ++seed })[0] as Record<string, unknown>)
      : {};

  function send(
    op: ApiOperation,
    options: {
      segments?: Record<string, string>;
      query?: string;
      rawBody?: string;
      contentType?: string;
    } = {},
  ): Promise<HttpResult> {
    const segments = Object.fromEntries(
      op.pathParams.map((p) => [
        p.name,
        options.segments?.[p.name] ?? (p.name === 'group' ? 'no-such-group' : 'nobody-hostile'),
      ]),
    );
    const headers: Record<string, string> = {};
    if (options.contentType) headers['content-type'] = options.contentType;
    let token: string | undefined;
    if (!op.isPublic) {
      const user = userTokens.get(op.operationId);
      token = user ? user.accessToken : stack.adminToken;
      if (user) headers['x-id-token'] = user.idToken;
    }
    return stack.gateway.request(op.method, fillPath(op.path, segments) + (options.query ?? ''), {
      rawBody: options.rawBody,
      headers,
      token,
    });
  }

  /** Sends every case, then lists each answer that breaks the contract or the expectation. */
  async function problems(
    cases: { op: ApiOperation; label: string; run: () => Promise<HttpResult>; expect?: Expectation }[],
  ) {
    const found: string[] = [];
    for (const c of cases) {
      const res = await c.run();
      const where = `${c.op.method} ${c.op.path} [${c.label}] → ${res.status} ${res.text.slice(0, 160)}`;
      const violation = contractViolation(res);
      if (violation) found.push(`${where}: ${violation}`);
      else if (res.status < 400 && !c.expect?.successAllowed) found.push(`${where}: accepted`);
      else if (res.status >= 400 && c.expect?.statuses && !c.expect.statuses.includes(res.status))
        found.push(where);
      else if (res.status >= 400 && c.expect?.code && res.body?.code !== c.expect.code) found.push(where);
    }
    return found;
  }

  it('finds the routes to attack in the served document', () => {
    expect(operations.length).toBeGreaterThanOrEqual(30);
    expect(withBody().length).toBeGreaterThanOrEqual(10);
  });

  it('invalid JSON is 400 VALIDATION_FAILED on every route that takes a body', async () => {
    const texts = [
      '{',
      '{"username":',
      '{"a":1,}',
      "{'a':1}",
      'undefined',
      '{"a":"\\u00zz"}',
      '\u0000',
      '{"a":1}{"b":2}',
    ];
    const cases = operations
      .filter((o) => o.method !== 'GET')
      .flatMap((op) =>
        texts.map((text) => ({
          op,
          label: JSON.stringify(text),
          run: () => send(op, { rawBody: text }),
          expect: { statuses: [400], code: 'MALFORMED_REQUEST' },
        })),
      );
    expect(await problems(cases)).toEqual([]);
  });

  it('arrays, null and scalars as the body are 400', async () => {
    const cases = withBody().flatMap((op) =>
      JSON_TYPES.filter((v) => !(typeof v === 'object' && v !== null && !Array.isArray(v))).map((value) => ({
        op,
        label: JSON.stringify(value),
        run: () => send(op, { rawBody: JSON.stringify(value) }),
        expect: { statuses: [400], code: 'VALIDATION_FAILED' },
      })),
    );
    expect(await problems(cases)).toEqual([]);
  });

  it('a wrong JSON type in any field is 400 with details', async () => {
    const cases = withBody().flatMap((op) =>
      Object.entries(op.body!.properties ?? {}).flatMap(([name, property]) =>
        JSON_TYPES.filter((v) => !sameKind(v, property)).map((value) => ({
          op,
          label: `${name}=${JSON.stringify(value)}`,
          run: () => send(op, { rawBody: JSON.stringify({ ...baseBody(op), [name]: value }) }),
          expect: { statuses: [400], code: 'VALIDATION_FAILED' },
        })),
      ),
    );
    expect(cases.length).toBeGreaterThan(50);
    expect(await problems(cases)).toEqual([]);
  });

  it('unknown fields are 400, never dropped', async () => {
    const cases = withBody().map((op) => ({
      op,
      label: 'isAdmin',
      run: () => send(op, { rawBody: JSON.stringify({ ...baseBody(op), isAdmin: true }) }),
      expect: { statuses: [400], code: 'VALIDATION_FAILED' },
    }));
    expect(await problems(cases)).toEqual([]);
  });

  it('__proto__, constructor and prototype keys are refused and pollute nothing', async () => {
    const payloads = (op: ApiOperation): string[] => {
      // The payloads' own `attributes` must be the only one: a second would win and drop their prototype key.
      const others = Object.entries(baseBody(op)).filter(([key]) => key !== 'attributes');
      const base = JSON.stringify(Object.fromEntries(others)).slice(1, -1);
      const rest = base ? `,${base}` : '';
      return [
        `{"__proto__":{"polluted":"yes"}${rest}}`,
        `{"constructor":{"prototype":{"polluted":"yes"}}${rest}}`,
        `{"prototype":{"polluted":"yes"}${rest}}`,
        `{"attributes":{"__proto__":{"polluted":"yes"}}${rest}}`,
        `{"attributes":{"constructor":{"prototype":{"polluted":"yes"}}}${rest}}`,
        `[{"__proto__":{"polluted":"yes"}}]`,
      ];
    };
    const bodies = operations
      .filter((o) => o.method !== 'GET')
      .flatMap((op) =>
        payloads(op).map((text) => ({
          op,
          label: text.slice(0, 50),
          run: () => send(op, { rawBody: text }),
          expect: { successAllowed: !op.body },
        })),
      );
    const queries = operations
      .filter((o) => o.queryParams.length > 0)
      .flatMap((op) =>
        ['?__proto__[polluted]=yes', '?constructor[prototype][polluted]=yes', '?__proto__.polluted=yes'].map(
          (query) => ({ op, label: query, run: () => send(op, { query }), expect: { successAllowed: true } }),
        ),
      );
    expect(await problems([...bodies, ...queries])).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(runInThisContext('({}).polluted')).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype)).toEqual(prototypeKeys);
  });

  it(`${DEPTH.toLocaleString('en')} levels of nesting are a 4xx`, async () => {
    const arrays = `${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}`;
    const objects = `${'{"a":'.repeat(DEPTH)}1${'}'.repeat(DEPTH)}`;
    const cases = operations
      .filter((o) => o.method !== 'GET')
      .flatMap((op) => {
        const slots = op.body ? Object.keys(op.body.properties ?? {}) : ['a'];
        return [
          { text: arrays, label: 'arrays' },
          { text: objects, label: 'objects' },
          ...slots.map((name) => ({ text: `{"${name}":${arrays}}`, label: `${name}: arrays` })),
          ...slots.map((name) => ({ text: `{"${name}":${objects}}`, label: `${name}: objects` })),
        ].map(({ text, label }) => ({
          op,
          label,
          run: () => send(op, { rawBody: text }),
          expect: { successAllowed: !op.body },
        }));
      });
    expect(await problems(cases)).toEqual([]);
  });

  it('NUL and other control characters in any text field are a 4xx', async () => {
    const cases = withBody().flatMap((op) =>
      stringSlots(op.body!).flatMap((slot, i) =>
        CONTROL_STRINGS.map((value) => ({
          op,
          label: `slot ${i}: ${JSON.stringify(value)}`,
          run: () => send(op, { rawBody: JSON.stringify({ ...baseBody(op), ...slot(value) }) }),
        })),
      ),
    );
    expect(await problems(cases)).toEqual([]);
  });

  it('unpaired UTF-16 surrogates in any text field are 400 (validators threw on them: a 500)', async () => {
    const cases = withBody().flatMap((op) =>
      stringSlots(op.body!).flatMap((slot, i) =>
        ['\ud800', 'a\udfff@example.com'].map((value) => ({
          op,
          label: `slot ${i}: ${JSON.stringify(value)}`,
          run: () => send(op, { rawBody: JSON.stringify({ ...baseBody(op), ...slot(value) }) }),
          expect: { statuses: [400], code: 'VALIDATION_FAILED' },
        })),
      ),
    );
    expect(await problems(cases)).toEqual([]);
  });

  it('100 KB strings in any text field are 400 (a challenge session: INVALID_SESSION, whatever its length)', async () => {
    const cases = withBody().flatMap((op) =>
      stringSlots(op.body!).map((slot, i) => {
        const body = { ...baseBody(op), ...slot('x'.repeat(100 * 1024)) };
        const session = typeof body.session === 'string' && body.session.length > 1024;
        return {
          op,
          label: `slot ${i}`,
          run: () => send(op, { rawBody: JSON.stringify(body) }),
          // A long session is refused as a session (INVALID_SESSION), unless another field fails first.
          expect: { statuses: [400], code: session ? undefined : 'VALIDATION_FAILED' },
        };
      }),
    );
    expect(await problems(cases)).toEqual([]);
  });

  it('text/plain, form and other content types are 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    // (A charset on application/json is ignored, as RFC 8259 says it must be: JSON is UTF-8.)
    const types = [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/xml',
    ];
    const cases = withBody().flatMap((op) =>
      types.map((contentType) => ({
        op,
        label: contentType,
        run: () => send(op, { rawBody: JSON.stringify(baseBody(op)), contentType }),
        expect: { statuses: [415], code: 'UNSUPPORTED_MEDIA_TYPE' },
      })),
    );
    expect(await problems(cases)).toEqual([]);
  });

  it('bodies over 1 MB are 413 PAYLOAD_TOO_LARGE on every route that is not GET', async () => {
    const huge = JSON.stringify({ a: 'x'.repeat(1024 * 1024) });
    const cases = operations
      .filter((o) => o.method !== 'GET')
      .map((op) => ({
        op,
        label: '1 MB',
        run: () => send(op, { rawBody: huge }),
        expect: { statuses: [413], code: 'PAYLOAD_TOO_LARGE' },
      }));
    expect(await problems(cases)).toEqual([]);
  });

  it('odd path parameters (%2F, %00, malformed escapes, 5,000 characters, Unicode) are a 4xx', async () => {
    const cases = operations
      .filter((o) => o.pathParams.length > 0)
      .flatMap((op) =>
        op.pathParams.flatMap((param) =>
          NASTY_PATH_SEGMENTS.map((segment) => ({
            op,
            label: `${param.name}=${segment.slice(0, 30)}`,
            run: () =>
              send(op, {
                segments: { [param.name]: segment },
                rawBody: op.body ? JSON.stringify(baseBody(op)) : undefined,
              }),
          })),
        ),
      );
    expect(await problems(cases)).toEqual([]);
  });

  it('names that are Object.prototype keys are plain names: never a 5xx, nothing polluted', async () => {
    // local Cognito answers these as if they existed (see PROTOTYPE_NAMES), so success is allowed here.
    const cases = operations
      .filter((o) => o.pathParams.length > 0)
      .flatMap((op) =>
        PROTOTYPE_NAMES.map((name) => ({
          op,
          label: name,
          run: () =>
            send(op, {
              segments: Object.fromEntries(op.pathParams.map((p) => [p.name, name])),
              rawBody: op.body ? JSON.stringify(baseBody(op)) : undefined,
            }),
          expect: { successAllowed: true },
        })),
      );
    expect(await problems(cases)).toEqual([]);
    expect(Object.getOwnPropertyNames(Object.prototype)).toEqual(prototypeKeys);
  });

  it('hostile query values are a 4xx or ignored, never a 5xx', async () => {
    const values = ['abc', '0', '-1', '61', '1e309', '1.5', '', '%00', '\u0000', 'x'.repeat(5000), '名前🙂'];
    const cases = operations
      .filter((o) => o.queryParams.length > 0)
      .flatMap((op) =>
        op.queryParams.flatMap((param) => [
          ...values.map((value) => ({
            op,
            label: `${param.name}=${value.slice(0, 20)}`,
            run: () => send(op, { query: `?${param.name}=${encodeURIComponent(value)}` }),
            expect: { successAllowed: true },
          })),
          {
            op,
            label: `${param.name} twice`,
            run: () => send(op, { query: `?${param.name}=1&${param.name}=2` }),
            expect: { successAllowed: true },
          },
        ]),
      );
    expect(await problems(cases)).toEqual([]);
    const limits = operations.filter((o) => o.queryParams.some((p) => p.name === 'limit'));
    for (const op of limits) {
      for (const limit of ['abc', '0', '61', '1e309', '1.5']) {
        const res = await send(op, { query: `?limit=${limit}` });
        expect({ op: op.operationId, limit, status: res.status, code: res.body?.code }).toEqual({
          op: op.operationId,
          limit,
          status: 400,
          code: 'VALIDATION_FAILED',
        });
      }
    }
  });

  it('is alive and serving afterwards', async () => {
    expect((await stack.gateway.get('/health/live')).status).toBe(200);
    const user = userTokens.get('getSession')!;
    expect((await stack.gateway.get('/auth/session', { token: user.accessToken })).status).toBe(200);
    expect((await stack.gateway.get('/admin/users?limit=1', { token: stack.adminToken })).status).toBe(200);
  });
});

function sameKind(value: unknown, schema: Schema): boolean {
  switch (schema.type) {
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'array':
      return Array.isArray(value);
    default:
      return typeof value === 'object' && value !== null && !Array.isArray(value);
  }
}
