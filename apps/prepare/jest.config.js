module.exports = { ...require('../../jest.preset.js'), displayName: 'prepare', rootDir: __dirname };
