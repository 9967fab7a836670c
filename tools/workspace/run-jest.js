#!/usr/bin/env node
// Runs one project's jest suite and keeps a JSON result under reports/jest/, which Nx caches as the
// target's output and .ci/run sums into its closing `N passed, N failed` line.
// Usage: run-jest.js <projectRoot> [--suite NAME] [jest args]: --suite uses <projectRoot>/jest.NAME.config.js and
// writes reports/jest/<project>-NAME.json (a project's slow suite, as a target of its own).
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const projectRoot = process.argv[2];
if (!projectRoot) {
  console.error('usage: run-jest.js <projectRoot> [jest args]');
  process.exit(2);
}
const root = path.resolve(__dirname, '../..');
const rest = process.argv.slice(3);
const suiteAt = rest.indexOf('--suite');
const suite = suiteAt >= 0 ? rest.splice(suiteAt, 2)[1] : undefined;
const name = JSON.parse(fs.readFileSync(path.join(root, projectRoot, 'project.json'), 'utf8')).name;
const outFile = path.join(root, 'reports/jest', `${name}${suite ? `-${suite}` : ''}.json`);
fs.mkdirSync(path.dirname(outFile), { recursive: true });
fs.rmSync(outFile, { force: true });
const jestBin = require.resolve('jest/bin/jest', { paths: [root] });
const res = spawnSync(
  process.execPath,
  [
    jestBin,
    '-c',
    path.join(root, projectRoot, suite ? `jest.${suite}.config.js` : 'jest.config.js'),
    '--passWithNoTests',
    '--json',
    `--outputFile=${outFile}`,
    ...rest,
  ],
  { stdio: 'inherit', cwd: root },
);
process.exit(res.status ?? 1);
