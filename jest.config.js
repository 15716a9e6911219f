/**
 * One jest run for unit (*.spec), integration (*.int-spec), end-to-end (*.e2e-spec) and browser
 * (*.browser-spec, in a real headless Chromium) tests.
 */
module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  testRegex: '.*\\.(spec|int-spec|e2e-spec|browser-spec)\\.ts$',
  // Some dependencies ship only ES modules; jest's CommonJS runtime needs them transformed.
  transform: { '^.+\\.(ts|js|mjs)$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }] },
  transformIgnorePatterns: ['/node_modules/(?!(jose|openid-client|oauth4webapi)/)'],
  // Each library lives in one of three groups (docs/architecture.md); the first that has it wins.
  moduleNameMapper: {
    '^@hubline/(.*)$': [
      '<rootDir>/libs/platform/$1/src',
      '<rootDir>/libs/contexts/$1/src',
      '<rootDir>/libs/composition/$1/src',
    ],
  },
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
  testTimeout: 60000,
};
