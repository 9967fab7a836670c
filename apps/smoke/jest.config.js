// testTimeout: the preset's 20 s is too tight here: the smoke model trains for real on the chosen backend.
module.exports = { ...require('../../jest.preset.js'), displayName: 'smoke', rootDir: __dirname, testTimeout: 60000 };
