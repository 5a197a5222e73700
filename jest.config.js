/** Unit specs sit beside the code. The swagger plugin transformer lets DTO metadata exist in tests. */
module.exports = {
  moduleFileExtensions: ['js', 'json', 'ts'],
  rootDir: 'src',
  testRegex: '.*\\.spec\\.ts$',
  transform: {
    '^.+\\.ts$': [
      'ts-jest',
      {
        isolatedModules: false,
        astTransformers: {
          before: ['<rootDir>/../test/swagger-plugin.transformer.js'],
        },
      },
    ],
  },
  testEnvironment: 'node',
};
