/** The layering of src/ (issue 22), checked by `npm run lint`. Type-only imports count as imports. */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle hides which side is the lower layer; Nest modules then need @Global or forwardRef.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'cognito-not-local-cognito',
      severity: 'error',
      comment: 'Production code reaches the emulator only through the root module (local mode).',
      from: { path: '^src/cognito/' },
      to: { path: '^src/local-cognito/' },
    },
    {
      name: 'auth-not-admin',
      severity: 'error',
      comment: 'Admin builds on auth (guards, decorators), never the other way round.',
      from: { path: '^src/auth/' },
      to: { path: '^src/admin/' },
    },
    {
      name: 'src-not-test-or-bench',
      severity: 'error',
      comment:
        'The app must build and run without its tests and benchmarks; unit specs are tests themselves.',
      from: { path: '^src/', pathNot: '\\.spec\\.ts$' },
      to: { path: '^(test|bench)/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that cannot be resolved would hide its edge from the rules above.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.json', '.d.ts'],
    },
  },
};
