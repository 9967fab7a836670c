module.exports = { ...require('../../jest.preset.js'), displayName: 'synthetic-corpus', rootDir: __dirname };
