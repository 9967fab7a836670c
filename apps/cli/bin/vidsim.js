#!/usr/bin/env node
// `npx vidsim ...`: runs apps/cli/src/main.ts under tsx's loader from the workspace root (where apps/runs/ and artifacts/
// live), passing the arguments as an argv array (never through a shell). A --run or --artifacts value that names
// a path from the caller's folder is made absolute first, so it still means the same place.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '../../..');
const args = process.argv.slice(2).map((a, i, all) => {
  const flag = all[i - 1];
  if (
    (flag === '--run' || flag === '--artifacts') &&
    (a.includes('/') ||
      a.endsWith('.json') ||
      (flag === '--run' && fs.existsSync(a) && !fs.existsSync(path.join(root, 'apps/runs', a))))
  ) {
    return path.resolve(a);
  }
  return a;
});
// node with tsx's loader in the same process (not the tsx command, which would add a child process of its own)
if (!fs.existsSync(path.join(root, 'node_modules', 'tsx'))) {
  console.error(`vidsim: tsx is not installed; run npm ci in ${root} first`);
  process.exit(1);
}
const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'apps/cli/src/main.ts'), ...args], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(r.status ?? (r.signal ? 128 + (require('os').constants.signals[r.signal] || 0) : 1));
