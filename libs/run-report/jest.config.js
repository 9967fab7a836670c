// vega 6 is ESM-only (with a top-level await) and jest runs without an ESM loader, so tests load the UMD builds
// of the same versions; outside jest the lib imports the ESM packages (src/lib/vega-render.ts).
const path = require('path');
const preset = require('../../jest.preset.js');

const umd = (pkg, file) => path.join(path.dirname(require.resolve(pkg, { paths: [__dirname] })), file);
module.exports = {
  ...preset,
  displayName: 'run-report',
  rootDir: __dirname,
  moduleNameMapper: {
    ...preset.moduleNameMapper,
    '^vega$': umd('vega', 'vega.js'),
    '^vega-lite$': umd('vega-lite', 'vega-lite.min.js'),
  },
};
