// testTimeout: the preset's 20 s is too tight here: the BERT tests run forward and backward passes of a small encoder, several seconds each.
module.exports = { ...require('../../jest.preset.js'), displayName: 'bert', rootDir: __dirname, testTimeout: 60000 };
