#!/usr/bin/env node
// Sums the per-project jest JSON results under reports/jest into one closing line for CI:
// `N passed, N failed, N skipped`. Exits non-zero when any test failed or a suite failed to run.
'use strict';
const fs = require('fs');
const path = require('path');

const dir = path.resolve(__dirname, '../../reports/jest');
const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
let passed = 0,
  failed = 0,
  skipped = 0,
  brokenSuites = 0;
for (const f of files) {
  const r = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests + (r.numTodoTests || 0);
  brokenSuites += r.numRuntimeErrorTestSuites;
  if (r.numFailedTests || r.numRuntimeErrorTestSuites) console.log(`failing: ${f.replace(/\.json$/, '')}`);
}
console.log(
  `projects with tests: ${files.length}${brokenSuites ? `; suites that failed to run: ${brokenSuites}` : ''}`,
);
console.log(`${passed} passed, ${failed + brokenSuites} failed, ${skipped} skipped`);
process.exit(failed + brokenSuites > 0 || passed === 0 ? 1 : 0);
