import { execFile } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { artifactPath } from '../support/browser';
import { useStack, tempDir } from '../support/harness';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const TAGS = ['auth', 'admin', 'ops'];
const ROOT = path.resolve(__dirname, '../..');

interface Operation {
  method: string;
  path: string;
  key: string;
  op: {
    operationId?: string;
    tags?: string[];
    summary?: string;
    security?: Record<string, string[]>[];
    responses?: Record<
      string,
      {
        $ref?: string;
        content?: Record<
          string,
          { schema?: { $ref?: string }; example?: any; examples?: Record<string, { value?: any }> }
        >;
      }
    >;
  };
}

/** Every operation of the document, whatever routes exist today. */
function operationsOf(document: any): Operation[] {
  return Object.entries(document.paths ?? {}).flatMap(([route, item]: [string, any]) =>
    HTTP_METHODS.filter((method) => item[method]).map((method) => ({
      method,
      path: route,
      key: `${method.toUpperCase()} ${route}`,
      op: item[method],
    })),
  );
}

/** A route is public exactly when its operation opts out with `security: []`. */
function isPublic(operation: Operation): boolean {
  return Array.isArray(operation.op.security) && operation.op.security.length === 0;
}

describe('OpenAPI document quality (served /docs-json)', () => {
  let document: any;
  let operations: Operation[];

  const stack = useStack();

  beforeAll(async () => {
    const res = await stack.gateway.get('/docs-json');
    expect(res.status).toBe(200);
    document = res.body;
    operations = operationsOf(document);
    writeFileSync(artifactPath('openapi.json'), JSON.stringify(document, null, 2));
  });

  it('has operations to check (the routes every build has)', () => {
    const ids = operations.map((o) => o.op.operationId);
    expect(ids).toEqual(expect.arrayContaining(['getSession', 'getLiveness']));
  });

  it('validates with @apidevtools/swagger-parser', async () => {
    expect(await withDocumentFile(document, swaggerParserErrors)).toEqual([]);
  });

  it('lints with 0 errors under redocly recommended (redocly.yaml)', async () => {
    const report = await withDocumentFile(document, redoclyLint);
    const problems = report.problems.map(
      (p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location?.[0]?.pointer ?? '?'}`,
    );
    expect(problems.filter((p) => p.startsWith('error'))).toEqual([]);
    expect(report.totals.errors).toBe(0);
  });

  it('every operation has a unique operationId, one tag among auth/admin/ops and a summary', () => {
    const bad: string[] = [];
    const seen = new Map<string, string>();
    for (const operation of operations) {
      const { operationId, tags, summary } = operation.op;
      if (!operationId) bad.push(`${operation.key}: no operationId`);
      else if (seen.has(operationId))
        bad.push(`${operation.key}: operationId ${operationId} also on ${seen.get(operationId)}`);
      else seen.set(operationId, operation.key);
      if (tags?.length !== 1 || !TAGS.includes(tags[0]))
        bad.push(`${operation.key}: tags ${JSON.stringify(tags)}`);
      if (!summary?.trim()) bad.push(`${operation.key}: no summary`);
    }
    expect(bad).toEqual([]);
  });

  it('every operation declares security: [] (public) or bearer, and the guarded ones a 401 with the error schema', () => {
    const bad: string[] = [];
    for (const operation of operations) {
      const { security, responses = {} } = operation.op;
      if (!Array.isArray(security)) bad.push(`${operation.key}: no security declared`);
      if (isPublic(operation)) continue;
      if (!security?.some((requirement) => 'bearer' in requirement))
        bad.push(`${operation.key}: no bearer security`);
      const unauthorized = responses['401'];
      if (!unauthorized) bad.push(`${operation.key}: no 401 response`);
      else if (
        unauthorized.content?.['application/json']?.schema?.$ref !== '#/components/schemas/ErrorResponseDto'
      ) {
        bad.push(`${operation.key}: 401 without the ErrorResponseDto schema`);
      }
    }
    expect(bad).toEqual([]);
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('every error response shows an example body for each of its codes, with its own status', () => {
    const codes: string[] = document.components.schemas.ErrorCode.enum;
    const bad: string[] = [];
    for (const operation of operations) {
      for (const [status, response] of Object.entries(operation.op.responses ?? {})) {
        const json = response.content?.['application/json'];
        if (Number(status) < 400 || json?.schema?.$ref !== '#/components/schemas/ErrorResponseDto') continue;
        const examples: { key: string; value: any }[] = json.examples
          ? Object.entries(json.examples).map(([key, example]) => ({ key, value: example.value }))
          : json.example
            ? [{ key: json.example.code, value: json.example }]
            : [];
        if (examples.length === 0) bad.push(`${operation.key} ${status}: no example`);
        for (const { key, value } of examples) {
          if (value?.statusCode !== Number(status) || !codes.includes(value?.code) || key !== value?.code)
            bad.push(`${operation.key} ${status}: example ${key} is ${JSON.stringify(value)}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it('every operation documented as guarded really answers 401 TOKEN_MISSING without a token', async () => {
    const guarded = operations.filter((o) => !isPublic(o));
    expect(guarded.length).toBeGreaterThan(0);
    const wrong: string[] = [];
    for (const operation of guarded) {
      // The guard runs before validation and the handler, so placeholders and no body are harmless.
      const url = operation.path.replace(/\{[^}]+\}/g, 'openapi-probe');
      const res = await stack.gateway.request(operation.method.toUpperCase(), url);
      if (res.status !== 401 || res.body?.code !== 'TOKEN_MISSING') {
        wrong.push(`${operation.key}: ${res.status} ${res.text.slice(0, 120)}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

async function withDocumentFile<T>(document: unknown, check: (file: string) => Promise<T>): Promise<T> {
  const dir = tempDir('cgw-openapi-');
  try {
    const file = path.join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(document));
    return await check(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const run = promisify(execFile);

/**
 * swagger-parser's validate() in its own node process: its ref-parser ships ESM only, which Node loads
 * with require(esm) but jest's CommonJS runtime cannot. Resolves to the validation errors (none when valid).
 */
async function swaggerParserErrors(file: string): Promise<string[]> {
  const script = `
    const SwaggerParser = require('@apidevtools/swagger-parser');
    SwaggerParser.validate(process.argv[1]).then(
      () => process.stdout.write(JSON.stringify([])),
      (e) => process.stdout.write(JSON.stringify([e.message, ...(e.details ?? []).map((d) => JSON.stringify(d))])),
    );`;
  const { stdout } = await run(process.execPath, ['--no-warnings', '-e', script, file], { cwd: ROOT });
  return JSON.parse(stdout) as string[];
}

interface RedoclyReport {
  totals: { errors: number; warnings: number; ignored: number };
  problems: { ruleId: string; severity: string; message: string; location?: { pointer?: string }[] }[];
}

/** Runs the redocly CLI (as CI would) on a file, with the repository's redocly.yaml; JSON report. */
async function redoclyLint(file: string): Promise<RedoclyReport> {
  const cli = require.resolve('@redocly/cli/bin/cli.js');
  const args = [cli, 'lint', file, '--config', path.join(ROOT, 'redocly.yaml'), '--format', 'json'];
  const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };
  let stdout: string;
  try {
    ({ stdout } = await run(process.execPath, args, { env, cwd: ROOT, maxBuffer: 32 << 20 }));
  } catch (error) {
    // Exit code 1 means "errors found": the report is still on stdout.
    const failed = error as { stdout?: string; stderr?: string };
    if (!failed.stdout) throw new Error(`redocly lint did not run: ${failed.stderr ?? String(error)}`);
    stdout = failed.stdout;
  }
  const report = JSON.parse(stdout.slice(stdout.indexOf('{'))) as RedoclyReport;
  const warnings = report.problems.filter((p) => p.severity === 'warn');
  if (warnings.length > 0) {
    console.warn(
      `redocly: ${warnings.length} warning(s)\n` +
        warnings.map((p) => `  ${p.ruleId}: ${p.message} at ${p.location?.[0]?.pointer ?? '?'}`).join('\n'),
    );
  }
  return report;
}
