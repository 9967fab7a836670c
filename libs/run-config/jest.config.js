module.exports = { ...require('../../jest.preset.js'), displayName: 'run-config', rootDir: __dirname };
