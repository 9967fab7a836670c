// `nx run e2e:e2e`: the tiny pipeline end to end through the stage command lines (minutes on 2 cores).
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'e2e-pipeline',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.e2e.spec.ts'],
  testTimeout: 900000,
};
