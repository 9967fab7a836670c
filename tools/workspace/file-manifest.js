#!/usr/bin/env node
// Lists every file under a folder with its size and mtime: what the Nx cache keys the prepare stage on when its
// input is a large external data set (the official 50 GB of TFRecords), without reading the data itself.
// Used by config-section.ts; usage on its own: node tools/workspace/file-manifest.js <dir>
'use strict';
const fs = require('fs');
const path = require('path');

function fileManifest(root) {
  if (!fs.existsSync(root)) return `missing: ${root}`;
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
  return lines.join('\n');
}

module.exports = { fileManifest };
if (require.main === module) console.log(fileManifest(process.argv[2] || '.'));
