// testTimeout: the preset's 20 s is too tight here: the fast-path parity and store tests encode, write and read many 40-frame videos.
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'data-prep',
  rootDir: __dirname,
  testTimeout: 60000,
};
