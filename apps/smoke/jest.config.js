module.exports = { ...require('../../jest.preset.js'), displayName: 'smoke', rootDir: __dirname };
