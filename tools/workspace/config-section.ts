// Prints what one stage of a run depends on in its run.json, for Nx to hash as the stage target's input: the
// stage's own and earlier config sections (a pairwise-only change re-runs pairwise and submit, not pointwise) and,
// for prepare on official data, the corpus file list with sizes and mtimes (never the 50 GB of contents).
// Fails when run.json's fold count no longer matches the run's generated pairwise targets.
// Usage: npx tsx tools/workspace/config-section.ts <run> <stage>
import * as fs from 'fs';
import * as path from 'path';
import { loadRunConfig, stageSections } from '@vidsim/run-config';
import { STAGES, type StageName } from '@vidsim/run-layout';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { fileManifest } = require('./file-manifest.js') as { fileManifest: (dir: string) => string };

const [run, stage] = process.argv.slice(2);
if (!/^[a-z0-9][a-z0-9-]*$/.test(run ?? '') || !(STAGES as readonly string[]).includes(stage)) {
  console.error(`usage: config-section.ts <run> <${STAGES.join('|')}>`);
  process.exit(2);
}
const root = path.resolve(__dirname, '../..');
const config = loadRunConfig(path.join(root, 'apps/runs', run, 'run.json'));
const project = JSON.parse(fs.readFileSync(path.join(root, 'apps/runs', run, 'project.json'), 'utf8')) as {
  targets: Record<string, unknown>;
};
const targetFolds = Object.keys(project.targets).filter((t) => /^pairwise-\d+$/.test(t)).length;
if (targetFolds !== config.prepare.numFolds) {
  console.error(
    `apps/runs/${run}/run.json has prepare.numFolds ${config.prepare.numFolds} but project.json has ${targetFolds} fold targets: run npx tsx tools/workspace/new-run.ts ${run} ${config.preset}`,
  );
  process.exit(1);
}
const out: Record<string, unknown> = stageSections(config, stage as StageName);
if (stage === 'prepare' && config.corpus.source === 'official') out.corpusFiles = fileManifest(config.corpus.dir);
console.log(JSON.stringify(out));
