module.exports = { ...require('../../jest.preset.js'), displayName: 'word2vec', rootDir: __dirname };
