// Shared jest settings: swc for speed (types are checked by the separate `typecheck` target),
// and workspace imports mapped to source so tests never need a prior build.
const path = require('path');

module.exports = {
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: { '^@vidsim/([a-z0-9-]+)$': path.join(__dirname, 'libs/$1/src/index.ts') },
  setupFiles: [path.join(__dirname, 'tools/workspace/jest-plain-console.js')],
  // unit tests take seconds; a project whose tests need longer raises it in its own jest.config.js, saying why
  testTimeout: 20000,
};
