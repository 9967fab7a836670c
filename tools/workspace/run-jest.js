#!/usr/bin/env node
// Runs one project's jest suite and keeps a JSON result under reports/jest/, which Nx caches as the
// target's output and .ci/run sums into its closing `N passed, N failed` line.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const projectRoot = process.argv[2];
if (!projectRoot) { console.error('usage: run-jest.js <projectRoot> [jest args]'); process.exit(2); }
const root = path.resolve(__dirname, '../..');
const name = JSON.parse(fs.readFileSync(path.join(root, projectRoot, 'project.json'), 'utf8')).name;
const outFile = path.join(root, 'reports/jest', `${name}.json`);
fs.mkdirSync(path.dirname(outFile), { recursive: true });
fs.rmSync(outFile, { force: true });
const jestBin = require.resolve('jest/bin/jest', { paths: [root] });
const res = spawnSync(process.execPath, [
  jestBin, '-c', path.join(root, projectRoot, 'jest.config.js'),
  '--passWithNoTests', '--json', `--outputFile=${outFile}`, ...process.argv.slice(3),
], { stdio: 'inherit', cwd: root });
process.exit(res.status ?? 1);
