module.exports = { ...require('../../jest.preset.js'), displayName: 'label-norm', rootDir: __dirname };
