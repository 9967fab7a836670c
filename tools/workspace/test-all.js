#!/usr/bin/env node
// `npm test`: every project's test, typecheck and lint through Nx, then the closing `N passed, N failed` line.
// Under CI (CI=true) nothing is replayed from the Nx cache: every task runs for real. (The cache lives inside the
// workspace, .nx/cache, per nx.json's cacheDirectory, so clones never share one either.) The slow end-to-end
// pipeline test is its own target, `npx nx run e2e:e2e`, which .ci/run runs after this.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '../..');
const ci = process.env.CI === 'true' || process.env.CI === '1';
const nx = path.join(root, 'node_modules', '.bin', 'nx');
const args = [
  'run-many',
  '-t',
  'test',
  'typecheck',
  'lint',
  '--output-style=static',
  ...(ci ? ['--skip-nx-cache'] : []),
  ...process.argv.slice(2),
];
// the summary counts the reports under reports/jest: start empty, so a report left by an earlier run of another
// target (the e2e suite) is not counted; cached tasks restore their own report (the test target's Nx output)
fs.rmSync(path.join(root, 'reports', 'jest'), { recursive: true, force: true });
const run = spawnSync(nx, args, { cwd: root, stdio: 'inherit' });
const summary = spawnSync(process.execPath, [path.join(__dirname, 'test-summary.js')], { cwd: root, stdio: 'inherit' });
process.exit(run.status !== 0 ? (run.status ?? 1) : (summary.status ?? 1));
