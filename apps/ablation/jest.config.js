module.exports = { ...require('../../jest.preset.js'), displayName: 'ablation', rootDir: __dirname };
