module.exports = { ...require('../../jest.preset.js'), displayName: 'run-layout', rootDir: __dirname };
