// testTimeout: the preset's 20 s is too tight here: the sampler's distribution test draws a million candidates (chi-square) and 512,000 unique ones.
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'tag-sampler',
  rootDir: __dirname,
  testTimeout: 60000,
};
