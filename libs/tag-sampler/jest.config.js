module.exports = { ...require('../../jest.preset.js'), displayName: 'tag-sampler', rootDir: __dirname };
