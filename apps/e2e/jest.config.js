// `nx run e2e:test`: the quick checks of the vidsim command and the run scaffolding (seconds; part of npm test).
// The pipeline itself runs under `nx run e2e:e2e` (jest.e2e.config.js; minutes; .ci/run runs it after npm test).
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'e2e',
  rootDir: __dirname,
  testPathIgnorePatterns: ['/node_modules/', '\\.e2e\\.spec\\.ts$'],
  testTimeout: 60000,
};
