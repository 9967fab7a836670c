#!/usr/bin/env node
// Proves a lib is a package in its own right: builds it, packs it (and the @vidsim libs it depends on), installs
// the tarballs into an empty folder with only their declared dependencies, and requires it from plain Node:
// no path aliases, no workspace. Usage: node tools/workspace/pack-check.js <lib> [<lib> ...]
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '../..');
const run = (cmd, args, cwd) =>
  execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
const manifest = (lib) => JSON.parse(fs.readFileSync(path.join(root, 'libs', lib, 'package.json'), 'utf8'));

function closure(lib, seen = new Set()) {
  if (seen.has(lib)) return seen;
  seen.add(lib);
  for (const dep of Object.keys(manifest(lib).dependencies || {})) {
    if (dep.startsWith('@vidsim/')) closure(dep.slice('@vidsim/'.length), seen);
  }
  return seen;
}

for (const lib of process.argv.slice(2)) {
  const libs = [...closure(lib)];
  run('npx', ['nx', 'run-many', '-t', 'build', '-p', ...libs, '--output-style=static'], root);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `vidsim-pack-${lib}-`));
  const tarballs = libs.map((l) =>
    path.join(
      tmp,
      run('npm', ['pack', '--silent', '--pack-destination', tmp], path.join(root, 'libs', l))
        .trim()
        .split('\n')
        .pop(),
    ),
  );
  const app = path.join(tmp, 'consumer');
  fs.mkdirSync(app);
  fs.writeFileSync(
    path.join(app, 'package.json'),
    JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }),
  );
  run('npm', ['install', '--no-audit', '--no-fund', '--omit=dev', '--loglevel=error', ...tarballs], app);
  const name = `@vidsim/${lib}`;
  const out = run(
    process.execPath,
    ['-e', `const m = require(${JSON.stringify(name)}); console.log(Object.keys(m).sort().join(', '))`],
    app,
  );
  if (!out.trim()) throw new Error(`${name} exported nothing`);
  console.log(
    `pack-check ${name}: installed alone from ${tarballs.length} tarball(s) and required from plain Node; exports: ${out.trim()}`,
  );
  fs.rmSync(tmp, { recursive: true, force: true });
}
