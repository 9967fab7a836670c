// Writes apps/runs/<run>/{run.json,project.json}: an Nx project whose targets are the pipeline's stages, chained
// with dependsOn, each hashing its run.json section (and, for official data, the corpus file list), the code and its
// upstream stages' completion files, and caching artifacts/<run>/<stage>.
// Usage: npx tsx tools/workspace/new-run.ts <run> <reference|demo|tiny> [--corpus-dir DIR]
//
// Every stage reads run.json itself when it runs, so editing run.json (corpus.dir, prepare.subsample, ...) takes
// effect at once; the only strings in the generated commands are the run's folder name (checked below) and fixed
// flags. User input (the corpus folder) goes into run.json as JSON, never into a command line.
import * as fs from 'fs';
import * as path from 'path';
import { loadRunConfig, PRESET_NAMES } from '@vidsim/run-config';
import { foldStages, STAGES } from '@vidsim/run-layout';

export const RUN_NAME = /^[a-z0-9][a-z0-9-]*$/;
const TSX = 'node_modules/.bin/tsx';

interface Target {
  executor: string;
  options?: { command: string };
  dependsOn?: string[];
  inputs?: unknown[];
  outputs?: string[];
  cache?: boolean;
}

/** The Nx project of a run: one target per stage folder (pairwise-0 .. pairwise-(numFolds-1), pairwise-all). */
export function runProject(run: string, numFolds: number): object {
  if (!RUN_NAME.test(run)) throw new Error(`bad run name '${run}': use lowercase letters, digits and '-'`);
  const runFile = `apps/runs/${run}/run.json`;
  const art = (stage: string) => `{workspaceRoot}/artifacts/${run}/${stage}`;
  // the run file enters through its config section only, so a pairwise-only change leaves earlier stages cached;
  // prepare's section also lists the official corpus files (sizes, mtimes) when corpus.source is 'official'
  const section = (stage: string) => ({ runtime: `${TSX} tools/workspace/config-section.ts ${run} ${stage}` });
  const upstream = { dependentTasksOutputFiles: '**/stage.json', transitive: true };
  const stage = (name: string, app: string, dependsOn: string[], extra = ''): Target => ({
    executor: 'nx:run-commands',
    options: { command: `${TSX} apps/${app}/src/main.ts --run ${runFile}${extra}` },
    dependsOn,
    inputs: ['^production', section(app), upstream],
    outputs: [art(name)],
    cache: true,
  });
  const folds = foldStages(numFolds);
  const targets: Record<string, Target> = {
    corpus: stage('corpus', 'corpus', []),
    // --force: Nx runs this only when its hash (code included) changed, and then the whole store must be rebuilt;
    // prepare's own up-to-date check and resume serve runs by hand
    prepare: stage('prepare', 'prepare', ['corpus'], ' --force'),
    features: stage('features', 'features', ['prepare']),
    pretrain: stage('pretrain', 'pretrain', ['prepare']),
    pointwise: stage('pointwise', 'pointwise', ['features', 'pretrain']),
  };
  for (const f of [...folds, 'pairwise-all'])
    targets[f] = stage(f, 'pairwise', ['pointwise'], ` --fold ${f.slice('pairwise-'.length)}`);
  // folds the run's config leaves out complete at once, marked skipped
  targets.pairwise = { executor: 'nx:noop', dependsOn: folds };
  targets.submit = stage('submit', 'submit', ['pairwise', 'pairwise-all']);
  // baselines from the store and every score with a bootstrap interval (it reads the ablation table when one exists,
  // so after `ablation` rerun it with --skip-nx-cache)
  targets.eval = stage('eval', 'eval', ['submit']);
  // the HTML report of whatever the run has produced; not cached (a second, and it also reads the ablation table)
  targets.report = {
    executor: 'nx:run-commands',
    options: { command: `${TSX} apps/report/src/main.ts --run ${runFile}` },
    dependsOn: ['eval'],
    outputs: [art('report')],
    cache: false,
  };
  // not cached: each row keeps its own finished stages under artifacts/<run>-ablation-<row>/ and is skipped when done
  targets.ablation = {
    executor: 'nx:run-commands',
    options: { command: `${TSX} apps/ablation/src/main.ts --run ${runFile}` },
    dependsOn: ['features', 'pretrain'],
    cache: false,
  };
  return {
    $schema: '../../../node_modules/nx/schemas/project-schema.json',
    name: run,
    projectType: 'application',
    tags: ['type:run'],
    implicitDependencies: [...STAGES.filter((s) => s !== 'pairwise'), 'pairwise', 'ablation', 'report'],
    targets,
  };
}

function main(argv: string[]): void {
  const [run, preset, ...rest] = argv;
  if (
    !RUN_NAME.test(run ?? '') ||
    !(PRESET_NAMES as string[]).includes(preset ?? '') ||
    (rest.length && !(rest.length === 2 && rest[0] === '--corpus-dir'))
  ) {
    console.error(`usage: npx tsx tools/workspace/new-run.ts <run> <${PRESET_NAMES.join('|')}> [--corpus-dir DIR]`);
    process.exit(2);
  }
  const corpusDir = rest[1];
  const root = path.resolve(__dirname, '../..');
  const dir = path.join(root, 'apps/runs', run);
  fs.mkdirSync(dir, { recursive: true });
  const runFile = path.join(dir, 'run.json');
  if (!fs.existsSync(runFile)) {
    const json = {
      preset,
      name: run,
      ...(corpusDir ? { corpus: { source: 'official', dir: path.resolve(corpusDir) } } : {}),
    };
    fs.writeFileSync(runFile, JSON.stringify(json, null, 2) + '\n');
  } else if (corpusDir) {
    console.error(`${path.relative(root, runFile)} exists: edit its corpus.dir instead of passing --corpus-dir`);
    process.exit(2);
  }
  const config = loadRunConfig(runFile); // checked before anything is generated from it
  const project = runProject(run, config.prepare.numFolds);
  fs.writeFileSync(path.join(dir, 'project.json'), JSON.stringify(project, null, 2) + '\n');
  console.log(
    `wrote apps/runs/${run}/project.json (${config.prepare.numFolds} folds) beside ${path.relative(root, runFile)}`,
  );
}

if (require.main === module) main(process.argv.slice(2));
