// Kept because jest cannot load the ESM-only @nestjs/* 12 packages ("type": "module", no CommonJS build) on its
// own without an experimental Node flag. Jest 30.5's require(esm) needs vm.SourceTextModule, which Node 24.22
// exposes only under --experimental-vm-modules; without it jest fails with ERR_REQUIRE_ESM ("Must use import to
// load ES Module: node_modules/@nestjs/common/index.js"). With the flag the unit suite passed, but every jest
// command (npm scripts, scripts/test.sh, `npx jest` by hand) would then need an experimental Node flag: remove this
// file, test/esm-packages.js and the `transform` entry of both jest configs once Node loads vm modules unflagged.
//
// Jest transformer for ESM-only files in node_modules: TypeScript's transpileModule to CommonJS, plus the two
// ESM-only constructs CommonJS lacks, rewritten so that every module still loads through jest's registry:
//  - `createRequire(import.meta.url)` becomes the module's own `require` (jest's), and a top-level
//    `const require = createRequire(import.meta.url)` is dropped. Node's real require would load a second copy of
//    e.g. class-validator outside jest, and metadata registered in one copy would be invisible to the other.
//  - any other `import.meta` becomes a per-module object built from __filename.
const ts = require('typescript');
const crypto = require('crypto');

const VERSION = 'esm-to-cjs@2';
const IMPORT_META =
  'var __jestImportMeta = { url: require("url").pathToFileURL(__filename).href, filename: __filename, ' +
  'dirname: __dirname, resolve: (s) => require("url").pathToFileURL(require.resolve(s)).href };';

const isImportMeta = (node) => ts.isMetaProperty(node) && node.keywordToken === ts.SyntaxKind.ImportKeyword;

const isCreateRequireOfThisModule = (node) =>
  ts.isCallExpression(node) &&
  ((ts.isIdentifier(node.expression) && node.expression.text === 'createRequire') ||
    (ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'createRequire')) &&
  node.arguments.length === 1 &&
  ts.isPropertyAccessExpression(node.arguments[0]) &&
  isImportMeta(node.arguments[0].expression) &&
  node.arguments[0].name.text === 'url';

const declaresRequire = (statement) =>
  ts.isVariableStatement(statement) &&
  statement.declarationList.declarations.every(
    (d) =>
      ts.isIdentifier(d.name) &&
      d.name.text === 'require' &&
      d.initializer &&
      isCreateRequireOfThisModule(d.initializer),
  );

const importMetaToCjs = (context) => (sourceFile) => {
  const visit = (node) => {
    if (isCreateRequireOfThisModule(node)) return context.factory.createIdentifier('require');
    if (isImportMeta(node)) return context.factory.createIdentifier('__jestImportMeta');
    return ts.visitEachChild(node, visit, context);
  };
  const kept = sourceFile.statements.filter((s) => !declaresRequire(s));
  return ts.visitEachChild(context.factory.updateSourceFile(sourceFile, kept), visit, context);
};

const compilerOptions = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2023,
  allowJs: true,
  esModuleInterop: true,
  sourceMap: true,
  inlineSources: true,
};

module.exports = {
  getCacheKey(source, path) {
    return crypto.createHash('sha1').update(`${VERSION}|${ts.version}|${path}|`).update(source).digest('hex');
  },
  process(source, path) {
    const usesImportMeta = source.includes('import.meta');
    const out = ts.transpileModule(source, {
      fileName: path,
      compilerOptions,
      transformers: usesImportMeta ? { before: [importMetaToCjs] } : undefined,
    });
    // After the "use strict" prologue, on its line, so line numbers (and the source map) stay put.
    const code = usesImportMeta
      ? out.outputText.replace(/^("use strict";)?/, (prologue) => `${prologue} ${IMPORT_META}`)
      : out.outputText;
    return { code, map: out.sourceMapText };
  },
};
