import fc from 'fast-check';
import { ErrorCode } from '../../src/common/error-code';
import type { HttpResult } from './harness';

/** The slice of JSON Schema that @nestjs/swagger emits for our DTOs. */
export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: Schema | boolean;
  items?: Schema;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  allOf?: Schema[];
}

export interface ParamSpec {
  name: string;
  required: boolean;
  schema: Schema;
}

/** One operation of the served OpenAPI document, with its schemas resolved. */
export interface ApiOperation {
  method: string;
  path: string;
  operationId: string;
  isPublic: boolean;
  pathParams: ParamSpec[];
  queryParams: ParamSpec[];
  headerParams: ParamSpec[];
  body?: Schema;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

interface OpenApiDocument {
  paths: Record<string, Record<string, any>>;
  components?: { schemas?: Record<string, Schema> };
}

/** Follows `$ref`s (and single `allOf`s) into plain schemas, to a bounded depth. */
export function resolveSchema(document: OpenApiDocument, schema: Schema, depth = 0): Schema {
  if (depth > 8) return {};
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    return resolveSchema(document, document.components?.schemas?.[name] ?? {}, depth + 1);
  }
  if (schema.allOf?.length === 1) return resolveSchema(document, schema.allOf[0], depth + 1);
  const resolved: Schema = { ...schema };
  if (schema.properties) {
    resolved.properties = Object.fromEntries(
      Object.entries(schema.properties).map(([k, v]) => [k, resolveSchema(document, v, depth + 1)]),
    );
  }
  if (schema.items) resolved.items = resolveSchema(document, schema.items, depth + 1);
  if (typeof schema.additionalProperties === 'object') {
    resolved.additionalProperties = resolveSchema(document, schema.additionalProperties, depth + 1);
  }
  return resolved;
}

/** Every operation of the document: whatever routes exist today are the ones tested. */
export function operationsOf(document: OpenApiDocument): ApiOperation[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    HTTP_METHODS.filter((method) => item[method]).map((method) => {
      const op = item[method];
      const params = (where: string): ParamSpec[] =>
        (op.parameters ?? [])
          .filter((p: { in: string }) => p.in === where)
          .map((p: { name: string; required?: boolean; schema?: Schema }) => ({
            name: p.name,
            required: p.required === true,
            schema: resolveSchema(document, p.schema ?? {}),
          }));
      const bodySchema = op.requestBody?.content?.['application/json']?.schema as Schema | undefined;
      return {
        method: method.toUpperCase(),
        path,
        operationId: op.operationId as string,
        isPublic: Array.isArray(op.security) && op.security.length === 0,
        pathParams: params('path'),
        queryParams: params('query'),
        headerParams: params('header'),
        body: bodySchema ? resolveSchema(document, bodySchema) : undefined,
      };
    }),
  );
}

export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_m, name: string) => values[name] ?? 'x');
}

const ERROR_CODES = new Set<string>(Object.values(ErrorCode));
const ERROR_KEYS = new Set(['statusCode', 'code', 'message', 'details']);

/**
 * What is wrong with a response against the contract, or undefined: never a 5xx, and every 4xx
 * is `{statusCode, code, message, details?}` with a known code and nothing that names Cognito's internals.
 */
export function contractViolation(res: HttpResult, allow503 = false): string | undefined {
  if (res.status >= 500 && !(allow503 && res.status === 503)) return `status ${res.status}`;
  if (res.status < 400) return undefined;
  const body = res.body as Record<string, unknown> | undefined;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'error body is not an object';
  if (body.statusCode !== res.status) return `statusCode ${String(body.statusCode)} ≠ ${res.status}`;
  if (typeof body.code !== 'string' || !ERROR_CODES.has(body.code))
    return `unknown code ${String(body.code)}`;
  if (typeof body.message !== 'string' || body.message.length === 0) return 'no message';
  const extra = Object.keys(body).filter((k) => !ERROR_KEYS.has(k));
  if (extra.length > 0) return `unexpected keys ${extra.join(',')}`;
  if (
    body.details !== undefined &&
    !(
      Array.isArray(body.details) &&
      body.details.every(
        (d: { field?: unknown; message?: unknown }) =>
          typeof d?.field === 'string' && typeof d?.message === 'string',
      )
    )
  ) {
    return 'malformed details';
  }
  if (/Exception|amazonaws|cognito-idp|\bat \S+ \(/.test(res.text)) return 'error body leaks internals';
  if (res.status === 503 && !res.headers.get('retry-after')) return '503 without Retry-After';
  return undefined;
}

/** Text that breaks naive handling: control characters, encodings, injections, odd Unicode. */
export const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\u0001\u0002\u0003\u001b[31m',
  '\u007f\u0085\u009f',
  '\r\n\r\nHTTP/1.1 200 OK',
  '\u202eevil',
  '\ud800',
  '\ufeff',
  '%00',
  '%2F..%2F',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  "' OR '1'='1' --",
  '${jndi:ldap://x/a}',
  '{{7*7}}',
  '__proto__',
  'constructor',
  '名前🙂ü',
  'a'.repeat(129),
  'a'.repeat(5000),
] as const;

/** Path parameter values as they go on the wire (already encoded, some deliberately malformed). */
export const NASTY_PATH_SEGMENTS = [
  'a%2Fb',
  '%2F',
  '%2e%2e%2F%2e%2e',
  '%00',
  'a%00b',
  '%',
  '%zz',
  '%C0%AF',
  '%E0%A4%A',
  '%FF%FE',
  '%20',
  '%0d%0a',
  encodeURIComponent('名前🙂ü'),
  encodeURIComponent('\u202e'),
  'x'.repeat(5000),
] as const;

/**
 * Valid Cognito names that are also Object.prototype's keys. local Cognito (cognito-local's store)
 * looks them up as plain object keys and answers as if such a user or group existed.
 */
export const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'hasOwnProperty'] as const;

const WORD_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789';
const word = (min = 1, max = 12): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...WORD_CHARS), minLength: min, maxLength: max });

/** Values that satisfy the schema as far as the document tells (the server may still refuse them). */
export function validValue(schema: Schema, names: NamePools, depth = 0): fc.Arbitrary<unknown> {
  if (schema.enum?.length) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case 'string':
      return validString(schema, names);
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1_000_000 });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1e6, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'array': {
      const item = validValue(schema.items ?? { type: 'string' }, names, depth + 1);
      const maxLength = Math.min(schema.maxItems ?? 3, 3);
      return schema.uniqueItems ? fc.uniqueArray(item, { maxLength }) : fc.array(item, { maxLength });
    }
    case 'object':
    default:
      return depth > 3 ? fc.constant({}) : validObject(schema, names, depth);
  }
}

function validString(schema: Schema, names: NamePools): fc.Arbitrary<string> {
  if (schema.format === 'email') return fc.tuple(word(), word()).map(([a, b]) => `${a}@${b}.example.com`);
  if (schema.format === 'password') return fc.constantFrom(...names.passwords);
  const min = schema.minLength ?? 1;
  const max = Math.max(min, Math.min(schema.maxLength ?? 40, 40));
  return fc.oneof(word(min, max), fc.constantFrom(...names.usernames, ...names.groups));
}

function validObject(schema: Schema, names: NamePools, depth: number): fc.Arbitrary<unknown> {
  const properties = schema.properties ?? {};
  const record = fc.record(
    Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, validValue(v, names, depth + 1)])),
    { requiredKeys: (schema.required ?? []).filter((k) => k in properties) },
  );
  if (typeof schema.additionalProperties !== 'object') return record;
  const extra = fc.dictionary(
    fc.constantFrom('name', 'given_name', 'family_name', 'locale', 'custom:team', 'email_verified'),
    validValue(schema.additionalProperties, names, depth + 1),
    { maxKeys: 3 },
  );
  return fc.tuple(record, extra).map(([a, b]) => ({ ...b, ...a }));
}

/** Existing names, so that valid-ish requests reach Cognito and not only the validation layer. */
export interface NamePools {
  usernames: string[];
  groups: string[];
  passwords: string[];
}

/** JSON text that parses to an object whose own keys include the prototype-polluting ones. */
const POLLUTING_JSON = [
  '{"__proto__":{"polluted":"yes"}}',
  '{"constructor":{"prototype":{"polluted":"yes"}}}',
  '{"prototype":{"polluted":"yes"}}',
  '{"a":{"__proto__":{"polluted":"yes"}}}',
];

/** Any JSON value of the wrong kind, text that breaks things, or a huge string. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, true, false, 0, -1, 1.5, 1e308, -1e308, [], {}, [1, 'a'], { a: 1 }),
  fc.constantFrom<unknown>(...NASTY_STRINGS),
  fc.integer({ min: 10_000, max: 120_000 }).map((n) => 'x'.repeat(n)),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(...POLLUTING_JSON).map((text) => JSON.parse(text) as unknown),
  fc.jsonValue({ maxDepth: 3 }),
);

/** Text on the wire that is not the JSON it claims to be. */
const brokenJson: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('{', '{"a":', '{"a":1,}', "{'a':1}", '[1,2', 'undefined', 'NaN', '"\\u00"', '{"a":1}}'),
  fc.string({ maxLength: 60 }),
  fc
    .integer({ min: 1000, max: 10_000 })
    .chain((n) =>
      fc.constantFrom(`${'['.repeat(n)}${']'.repeat(n)}`, `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`),
    ),
  fc.constantFrom(...POLLUTING_JSON),
);

export interface FuzzBody {
  text: string;
  contentType?: string;
}

const CONTENT_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/json; charset=utf-16',
  'application/xml',
  'application/json, text/plain',
];

/** A body for the schema: mostly valid-ish, otherwise mutated in one of the ways clients get wrong. */
export function fuzzBody(schema: Schema | undefined, names: NamePools): fc.Arbitrary<FuzzBody | undefined> {
  const valid = schema ? validValue(schema, names) : fc.constant({});
  const json = (value: unknown): FuzzBody => ({ text: JSON.stringify(value) ?? 'null' });
  const asObject = (v: unknown): Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v) ? { ...(v as Record<string, unknown>) } : {};
  const keys = Object.keys(schema?.properties ?? {});
  const someKey = keys.length > 0 ? fc.constantFrom(...keys) : fc.constant('field');
  return fc.oneof(
    { weight: 4, arbitrary: valid.map(json) },
    { weight: 1, arbitrary: fc.constant(undefined) },
    {
      weight: 2,
      arbitrary: fc.tuple(valid, someKey).map(([v, k]) => {
        const o = asObject(v);
        delete o[k];
        return json(o);
      }),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          valid,
          fc.oneof(word(), fc.constantFrom('isAdmin', 'groups', 'sub', 'constructor')),
          hostileValue,
        )
        .map(([v, k, x]) => json({ ...asObject(v), [k]: x })),
    },
    {
      weight: 4,
      arbitrary: fc.tuple(valid, someKey, hostileValue).map(([v, k, x]) => json({ ...asObject(v), [k]: x })),
    },
    { weight: 2, arbitrary: hostileValue.map(json) },
    { weight: 2, arbitrary: brokenJson.map((text) => ({ text })) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(valid, fc.constantFrom(...CONTENT_TYPES))
        .map(([v, contentType]) => ({ text: JSON.stringify(v) ?? '', contentType })),
    },
  );
}

/** A path parameter as it goes on the wire. */
export function fuzzPathSegment(schema: Schema, names: NamePools): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: validString(schema, names).map(encode) },
    { weight: 3, arbitrary: fc.constantFrom(...NASTY_PATH_SEGMENTS) },
    {
      weight: 2,
      arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }).map(encode),
    },
    { weight: 1, arbitrary: fc.integer({ min: 129, max: 6000 }).map((n) => 'p'.repeat(n)) },
  );
}

/** The query string: each declared parameter absent, valid-ish, hostile or repeated; sometimes extras. */
export function fuzzQuery(params: ParamSpec[], names: NamePools): fc.Arbitrary<string> {
  const hostileText = fc.oneof(
    fc.constantFrom<string>(...NASTY_STRINGS, '-1', '0', '61', '1e309', 'NaN', 'true', '[]'),
    fc.string({ unit: 'grapheme', maxLength: 20 }),
  );
  const one = (p: ParamSpec): fc.Arbitrary<string[]> =>
    fc.oneof(
      { weight: 3, arbitrary: fc.constant<string[]>([]) },
      { weight: 3, arbitrary: validValue(p.schema, names).map((v) => [pair(p.name, String(v))]) },
      { weight: 2, arbitrary: hostileText.map((v) => [pair(p.name, v)]) },
      {
        weight: 1,
        arbitrary: fc.tuple(hostileText, hostileText).map(([a, b]) => [pair(p.name, a), pair(p.name, b)]),
      },
    );
  const extras = fc.oneof(
    { weight: 6, arbitrary: fc.constant([] as string[]) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        ['__proto__[polluted]=yes'],
        ['constructor[prototype][polluted]=yes'],
        ['a[]=1&a[]=2'],
      ),
    },
    { weight: 1, arbitrary: fc.tuple(word(), hostileText).map(([k, v]) => [pair(k, v)]) },
  );
  return fc.tuple(fc.tuple(...params.map(one)), extras).map(([parts, extra]) => {
    const all = [...parts.flat(), ...extra];
    return all.length > 0 ? `?${all.join('&')}` : '';
  });
}

function pair(name: string, value: string): string {
  return `${encode(name)}=${encode(value)}`;
}

/** encodeURIComponent throws on a lone surrogate; URLs carry its replacement character instead. */
function encode(text: string): string {
  return encodeURIComponent(
    text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'),
  );
}

/** Who calls: the route's own kind of caller most of the time, otherwise someone else or no one. */
export type Caller = 'admin' | 'user' | 'none' | 'garbage';

export interface FuzzCase {
  operationId: string;
  method: string;
  url: string;
  caller: Caller;
  withIdToken: boolean;
  body?: FuzzBody;
}

/** Request cases for every operation of the document, weighted equally per operation. */
export function fuzzCase(operations: ApiOperation[], names: NamePools): fc.Arbitrary<FuzzCase> {
  return fc.oneof(
    ...operations.map((op) => {
      const segments = fc.record(
        Object.fromEntries(op.pathParams.map((p) => [p.name, fuzzPathSegment(p.schema, names)])),
      ) as fc.Arbitrary<Record<string, string>>;
      const ownCaller: Caller = op.isPublic ? 'none' : op.path.startsWith('/admin') ? 'admin' : 'user';
      const caller = fc.oneof(
        { weight: 8, arbitrary: fc.constant(ownCaller) },
        { weight: 1, arbitrary: fc.constantFrom<Caller>('admin', 'user', 'none', 'garbage') },
      );
      return fc
        .record({
          segments,
          query: fuzzQuery(op.queryParams, names),
          caller,
          withIdToken: fc.boolean(),
          body: op.method === 'GET' ? fc.constant(undefined) : fuzzBody(op.body, names),
        })
        .map(({ segments: s, query, caller: c, withIdToken, body }) => ({
          operationId: op.operationId,
          method: op.method,
          url: fillPath(op.path, s) + query,
          caller: c,
          withIdToken,
          body,
        }));
    }),
  );
}

/** A short, printable description of a case for failure messages. */
export function describeCase(c: FuzzCase): string {
  const body = c.body ? ` body(${c.body.contentType ?? 'json'})=${c.body.text.slice(0, 200)}` : '';
  return `${c.operationId}: ${c.method} ${c.url.slice(0, 300)} as ${c.caller}${body}`;
}
