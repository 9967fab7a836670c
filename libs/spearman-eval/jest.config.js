module.exports = { ...require('../../jest.preset.js'), displayName: 'spearman-eval', rootDir: __dirname };
