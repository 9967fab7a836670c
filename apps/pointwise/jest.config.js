module.exports = { ...require('../../jest.preset.js'), displayName: 'pointwise', rootDir: __dirname };
