module.exports = { ...require('../../jest.preset.js'), displayName: 'run-report', rootDir: __dirname };
