module.exports = { ...require('../../jest.preset.js'), displayName: 'pairwise', rootDir: __dirname };
