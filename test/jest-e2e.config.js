/** e2e specs: real HTTP against the app and the embedded local Cognito. */
const { esmTransform, transformIgnorePatterns } = require('./esm-packages');

module.exports = {
  moduleFileExtensions: ['js', 'json', 'ts'],
  rootDir: '..',
  roots: ['<rootDir>/test'],
  testRegex: '.*\\.e2e-spec\\.ts$',
  transform: {
    '^.+\\.ts$': [
      'ts-jest',
      { astTransformers: { before: ['<rootDir>/test/swagger-plugin.transformer.js'] } },
    ],
    ...esmTransform,
  },
  transformIgnorePatterns,
  testEnvironment: 'node',
  setupFiles: ['<rootDir>/test/hide-navigator.js'],
  testTimeout: 30000,
};
