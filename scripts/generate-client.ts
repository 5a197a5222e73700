/**
 * Regenerates clients/typescript/generated/ from the OpenAPI document the gateway serves: starts the
 * built app (dist/, where the swagger CLI plugin has run) in local mode with a throwaway Cognito, reads
 * /docs-json, and writes the document and its openapi-typescript types. `--out DIR` writes there instead
 * (scripts/test.sh diffs that against the committed client).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript';

// Types from the sources, code from the build: only the build has the DTO schemas in its document.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createApp } = require('../dist/app.setup') as typeof import('../src/app.setup');

const CLIENT_DIR = path.resolve(__dirname, '../clients/typescript/generated');

async function servedDocument(): Promise<string> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cgw-client-'));
  const app = await createApp({
    overrides: {
      LOCAL_COGNITO_DIR: dataDir,
      LOCAL_COGNITO_PORT: '0',
      LOG_LEVEL: 'silent',
      METRICS_PORT: 'off',
    },
    ignoreEnvFile: true,
    logger: false,
  });
  try {
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address();
    if (typeof address !== 'object' || address === null) throw new Error('gateway did not bind');
    const response = await fetch(`http://127.0.0.1:${address.port}/docs-json`);
    if (!response.ok) throw new Error(`/docs-json answered ${response.status}`);
    return await response.text();
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const outIndex = process.argv.indexOf('--out');
  const outDir = outIndex > 0 ? path.resolve(process.argv[outIndex + 1]) : CLIENT_DIR;
  const document = JSON.parse(await servedDocument()) as Parameters<typeof openapiTS>[0];
  const types = await openapiTS(document, { rootTypes: true, rootTypesNoSchemaPrefix: true, silent: true });
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, 'openapi.json'), `${JSON.stringify(document, null, 2)}\n`);
  writeFileSync(path.join(outDir, 'schema.ts'), COMMENT_HEADER + astToString(types));
  process.stdout.write(`Client generated in ${path.relative(process.cwd(), outDir) || '.'}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`client generation failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
