module.exports = { ...require('../../jest.preset.js'), displayName: 'nextvlad', rootDir: __dirname };
