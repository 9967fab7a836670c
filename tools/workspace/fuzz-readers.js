#!/usr/bin/env node
// The long fuzz run of the model-side readers (issue 14): the property-based specs of the safetensors reader
// (libs/tf-runtime) and the result.zip reader (libs/spearman-eval), each for --seconds from a fresh seed (or --seed),
// one after the other. The unit suites run the same properties briefly with a fixed seed.
//   nice -n 10 node tools/workspace/fuzz-readers.js --seconds 600 [--seed N] [--only safetensors|submission]
// A finding prints fast-check's report (seed, path, shrunk counterexample) and exits 1.
'use strict';
const { spawnSync } = require('child_process');
const path = require('path');

const SUITES = {
  safetensors: ['libs/tf-runtime/jest.config.js', 'src/safetensors-fuzz.spec.ts'],
  submission: ['libs/spearman-eval/jest.config.js', 'src/lib/submission-fuzz.spec.ts'],
};

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}

const seconds = Number(arg('seconds', '60'));
if (!(seconds > 0)) {
  console.error('usage: fuzz-readers.js --seconds N [--seed N] [--only safetensors|submission]');
  process.exit(2);
}
const only = arg('only');
if (only && !SUITES[only]) {
  console.error(`--only must be one of ${Object.keys(SUITES).join(', ')}`);
  process.exit(2);
}
const root = path.resolve(__dirname, '../..');
const jestBin = require.resolve('jest/bin/jest', { paths: [root] });
let failed = 0;
for (const [name, [config, spec]] of Object.entries(SUITES)) {
  if (only && only !== name) continue;
  const seed = arg('seed', String(Date.now() % 2 ** 31));
  console.log(`# ${name}: ${seconds} s from seed ${seed}`);
  const started = Date.now();
  const r = spawnSync(process.execPath, [jestBin, '-c', path.join(root, config), spec, '--verbose'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, FUZZ_SECONDS: String(seconds), FUZZ_SEED: seed },
  });
  const ok = r.status === 0;
  if (!ok) failed++;
  console.log(
    `# ${name}: ${ok ? 'nothing found' : 'FOUND A FAILURE (see above)'} in ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
}
process.exit(failed ? 1 : 0);
