module.exports = { ...require('../../jest.preset.js'), displayName: 'bert', rootDir: __dirname };
