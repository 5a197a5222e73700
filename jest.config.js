/** Unit specs sit beside the code. The swagger plugin transformer lets DTO metadata exist in tests. */
const { esmTransform, transformIgnorePatterns } = require('./test/esm-packages');

module.exports = {
  moduleFileExtensions: ['js', 'json', 'ts'],
  rootDir: 'src',
  testRegex: '.*\\.spec\\.ts$',
  transform: {
    '^.+\\.ts$': [
      'ts-jest',
      { astTransformers: { before: ['<rootDir>/../test/swagger-plugin.transformer.js'] } },
    ],
    ...esmTransform,
  },
  transformIgnorePatterns,
  testEnvironment: 'node',
  setupFiles: ['<rootDir>/../test/hide-navigator.js'],
};
