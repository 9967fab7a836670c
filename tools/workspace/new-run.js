#!/usr/bin/env node
// Writes apps/runs/<run>/{run.json,project.json}: an Nx project whose targets are the pipeline's stages, chained
// with dependsOn, each hashing its config section, the code and its upstream stages' completion files, and
// caching artifacts/<run>/<stage>. Usage: node tools/workspace/new-run.js <run> <preset> [--corpus-dir DIR]
'use strict';
const fs = require('fs');
const path = require('path');

const [run, preset, ...rest] = process.argv.slice(2);
if (!/^[a-z0-9][a-z0-9-]*$/.test(run || '') || !['reference', 'demo', 'tiny'].includes(preset)) {
  console.error('usage: new-run.js <run> <reference|demo|tiny> [--corpus-dir DIR]');
  process.exit(2);
}
const corpusDirFlag = rest.indexOf('--corpus-dir');
const corpusDir = corpusDirFlag >= 0 ? rest[corpusDirFlag + 1] : undefined;
const root = path.resolve(__dirname, '../..');
const dir = path.join(root, 'apps/runs', run);
fs.mkdirSync(dir, { recursive: true });
const runFile = `apps/runs/${run}/run.json`;
const runJson = { preset, name: run, ...(corpusDir ? { corpus: { source: 'official', dir: corpusDir } } : {}) };
if (!fs.existsSync(path.join(root, runFile))) fs.writeFileSync(path.join(root, runFile), JSON.stringify(runJson, null, 2) + '\n');

const art = (stage) => `{workspaceRoot}/artifacts/${run}/${stage}`;
const tsx = 'node_modules/.bin/tsx';
const section = (stage) => ({ runtime: `${tsx} tools/workspace/config-section.ts ${runFile} ${stage}` });
const upstream = [
  { dependentTasksOutputFiles: '**/stage.json', transitive: true },
  { dependentTasksOutputFiles: '**/manifest.json', transitive: true },
];
// the run file enters through its config section only, so a pairwise-only change leaves earlier stages cached
const code = ['^production'];
const stage = (name, command, dependsOn, configStage = name) => ({
  executor: 'nx:run-commands',
  options: { command },
  dependsOn,
  inputs: [...code, section(configStage), ...upstream],
  outputs: [art(name)],
  cache: true,
});
const corpusOut = corpusDir ?? `artifacts/${run}/corpus`;
const folds = [0, 1, 2, 3, 4];
const targets = {
  corpus: stage('corpus', `${tsx} apps/corpus/src/main.ts --run ${runFile}`, []),
  // --force: Nx runs this only when its hash (code included) changed, and then the whole store must be rebuilt;
  // prepare's own up-to-date check and resume key on the inputs and options alone, for runs by hand
  prepare: stage('prepare', `${tsx} apps/prepare/src/main.ts --input ${corpusOut} --out artifacts/${run}/prepare --force`, ['corpus']),
};
// official data lives outside the workspace: key the prepare stage on its file list, sizes and mtimes
if (corpusDir) targets.prepare.inputs.push({ runtime: `node tools/workspace/file-manifest.js ${corpusDir}` });
Object.assign(targets, {
  features: stage('features', `${tsx} apps/features/src/main.ts --run ${runFile}`, ['prepare']),
  pretrain: stage('pretrain', `${tsx} apps/pretrain/src/main.ts --run ${runFile}`, ['prepare']),
  pointwise: stage('pointwise', `${tsx} apps/pointwise/src/main.ts --run ${runFile}`, ['features', 'pretrain']),
});
for (const f of [...folds, 'all']) {
  targets[`pairwise-${f}`] = stage(`pairwise-${f}`, `${tsx} apps/pairwise/src/main.ts --run ${runFile} --fold ${f}`, ['pointwise'], 'pairwise');
}
// folds the run's config leaves out exit at once with a note, so the target graph is the same for every run
targets.pairwise = { executor: 'nx:noop', dependsOn: folds.map((f) => `pairwise-${f}`) };
targets.submit = stage('submit', `${tsx} apps/submit/src/main.ts --run ${runFile}`, ['pairwise', 'pairwise-all']);
// baselines from the store and every score with a bootstrap interval (cached; it reads the ablation table when one
// exists, so after `ablation` rerun it with --skip-nx-cache)
targets.eval = stage('eval', `${tsx} apps/eval/src/main.ts --run ${runFile}`, ['submit']);
// the HTML report of whatever the run has produced; not cached (a second, and it also reads the ablation table)
targets.report = { executor: 'nx:run-commands', options: { command: `${tsx} apps/report/src/main.ts --run ${runFile}` }, dependsOn: ['eval'], outputs: [art('report')], cache: false };
// not cached: each row keeps its own finished stages under artifacts/<run>-ablation-<row>/ and is skipped when done
targets.ablation = { executor: 'nx:run-commands', options: { command: `${tsx} apps/ablation/src/main.ts --run ${runFile}` }, dependsOn: ['features', 'pretrain'], cache: false };
const project = {
  $schema: '../../../node_modules/nx/schemas/project-schema.json',
  name: run,
  projectType: 'application',
  tags: ['type:run'],
  implicitDependencies: ['corpus', 'prepare', 'features', 'pretrain', 'pointwise', 'pairwise', 'submit', 'eval', 'ablation', 'report'],
  targets,
};
fs.writeFileSync(path.join(dir, 'project.json'), JSON.stringify(project, null, 2) + '\n');
console.log(`wrote apps/runs/${run}/project.json (${Object.keys(targets).length} targets) and ${runFile}`);
