module.exports = { ...require('../../jest.preset.js'), displayName: 'tfrecord', rootDir: __dirname };
