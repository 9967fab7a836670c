module.exports = { ...require('../../jest.preset.js'), displayName: 'fusion-model', rootDir: __dirname };
