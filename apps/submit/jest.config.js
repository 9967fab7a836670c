module.exports = { ...require('../../jest.preset.js'), displayName: 'submit', rootDir: __dirname };
