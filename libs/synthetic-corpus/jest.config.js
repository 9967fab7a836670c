// testTimeout: the preset's 20 s is too tight here: the id test draws 50,000 ids above 2^53 and checks them one by one.
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'synthetic-corpus',
  rootDir: __dirname,
  testTimeout: 60000,
};
