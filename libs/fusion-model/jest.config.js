// testTimeout: the preset's 20 s is too tight here: the tower tests train the whole tiny tower for a few steps (about 15 s a test on 2 idle cores).
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'fusion-model',
  rootDir: __dirname,
  testTimeout: 60000,
};
