module.exports = { ...require('../../jest.preset.js'), displayName: 'data-prep', rootDir: __dirname };
