module.exports = { ...require('../../jest.preset.js'), displayName: 'pretrain', rootDir: __dirname };
