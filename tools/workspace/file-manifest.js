#!/usr/bin/env node
// Prints every file under a folder with its size and mtime: what the Nx cache keys a stage on when its input is a
// large external data set (the official 50 GB of TFRecords), without reading the data itself.
// Usage: node tools/workspace/file-manifest.js <dir>
'use strict';
const fs = require('fs');
const path = require('path');

const root = process.argv[2];
if (!root || !fs.existsSync(root)) {
  console.log(`missing: ${root}`);
  process.exit(0);
}
const lines = [];
(function walk(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.isFile()) {
      const s = fs.statSync(p);
      lines.push(`${path.relative(root, p)}\t${s.size}\t${Math.floor(s.mtimeMs)}`);
    }
  }
})(root);
console.log(lines.join('\n'));
