// TypeScript ESM under jest: @swc/jest compiles our .ts; the ESM-only @noble/@scure
// packages that cosmjs require()s are compiled too, since jest cannot require ESM.
const swc = ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'es6' } }];
const swcCjs = ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }];

export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': swc,
    'node_modules/(@noble|@scure)/.+\\.js$': swcCjs,
  },
  transformIgnorePatterns: ['node_modules/(?!(@noble|@scure)/)'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  setupFiles: ['<rootDir>/test/setup.ts'],
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  testTimeout: 60000,
};
