import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ErrorCode, httpStatusOf } from '../../src/common/error-code';

const ROOT = path.resolve(__dirname, '../..');
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

interface Row {
  section: string;
  cells: string[];
}

/** Every table row of a Markdown page, with the heading it sits under; header and rule rows left out. */
function tableRows(markdown: string): { header: string[]; row: Row }[] {
  const rows: { header: string[]; row: Row }[] = [];
  let section = '';
  let header: string[] = [];
  for (const line of markdown.split('\n')) {
    if (line.startsWith('#')) section = line.replace(/^#+\s*/, '');
    if (!line.startsWith('|')) {
      header = [];
      continue;
    }
    const cells = line
      .slice(1, line.lastIndexOf('|'))
      .split(/(?<!\\)\|/)
      .map((cell) => cell.trim().replace(/^`(.*)`$/, '$1'));
    if (header.length === 0) header = cells;
    else if (!cells.every((cell) => /^:?-+:?$/.test(cell))) rows.push({ header, row: { section, cells } });
  }
  return rows;
}

const page = readFileSync(path.join(ROOT, 'docs/api.md'), 'utf8');
const rows = tableRows(page);

/** `METHOD /path operationId` of every route the page says is served (not the planned ones). */
function documentedOperations(): string[] {
  return rows
    .filter(({ header, row }) => header.includes('operationId') && !/planned/i.test(row.section))
    .map(({ header, row }) => {
      const cell = (name: string): string => row.cells[header.indexOf(name)];
      return `${cell('method')} ${cell('path')} ${cell('operationId')}`;
    });
}

/** The same, from the OpenAPI document the server serves (CI checks the committed copy is current). */
function servedOperations(): string[] {
  const document = JSON.parse(
    readFileSync(path.join(ROOT, 'clients/typescript/generated/openapi.json'), 'utf8'),
  ) as { paths: Record<string, Record<string, { operationId?: string }>> };
  return Object.entries(document.paths).flatMap(([route, item]) =>
    HTTP_METHODS.filter((method) => item[method]).map(
      (method) => `${method.toUpperCase()} ${route} ${item[method].operationId}`,
    ),
  );
}

describe('docs/api.md', () => {
  it('lists exactly the operations the server serves, with their methods, paths and operationIds', () => {
    const documented = documentedOperations();
    const served = servedOperations();
    expect(documented.length).toBeGreaterThan(0);
    expect(new Set(documented).size).toBe(documented.length);
    expect({ missingFromDoc: served.filter((op) => !documented.includes(op)) }).toEqual({
      missingFromDoc: [],
    });
    expect({ notServed: documented.filter((op) => !served.includes(op)) }).toEqual({ notServed: [] });
  });

  it('gives every error code the status the code answers with, and no other code', () => {
    const documented = rows
      .filter(({ header }) => header.includes('code') && header.includes('status'))
      .map(
        ({ header, row }) => `${row.cells[header.indexOf('status')]} ${row.cells[header.indexOf('code')]}`,
      );
    const actual = Object.values(ErrorCode).map((code) => `${httpStatusOf(code)} ${code}`);
    expect([...documented].sort()).toEqual([...actual].sort());
  });
});
