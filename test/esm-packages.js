// Dependencies that ship ESM only. Node loads them with require(esm), but jest's CommonJS runtime cannot without
// --experimental-vm-modules (see esm-to-cjs.transformer.js), so the test configs compile just these files (and
// nothing else in node_modules) to CommonJS. NestJS 12 made every @nestjs/* package ESM-only.
const ESM_ONLY = ['@nestjs', '@scure/base', '@noble/hashes', 'content-disposition'];

module.exports = {
  esmTransform: {
    [`/node_modules/(${ESM_ONLY.join('|')})/.+\\.js$`]: require.resolve('./esm-to-cjs.transformer'),
  },
  // Only files matching a transform pattern are transformed, so nothing is ignored by path.
  transformIgnorePatterns: [],
};
