module.exports = { ...require('../../jest.preset.js'), displayName: 'tf-runtime', rootDir: __dirname };
