// Dependencies that ship ESM only. Node 20 loads them with require(esm), but jest's CommonJS runtime cannot,
// so the test configs compile just these files (and nothing else in node_modules) to CommonJS.
const ESM_ONLY = ['@scure/base', '@noble/hashes', 'content-disposition'];

module.exports = {
  esmTransform: {
    [`/node_modules/(${ESM_ONLY.join('|')})/.+\\.js$`]: [
      'ts-jest',
      { isolatedModules: true, tsconfig: { allowJs: true } },
    ],
  },
  // Only files matching a transform pattern are transformed, so nothing is ignored by path.
  transformIgnorePatterns: [],
};
