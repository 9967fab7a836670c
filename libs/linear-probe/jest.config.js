module.exports = { ...require('../../jest.preset.js'), displayName: 'linear-probe', rootDir: __dirname };
