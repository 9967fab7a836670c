import { pairwiseStage, parseFold, type FoldName, type StageName } from '@vidsim/run-layout';
import type { RunConfig } from '@vidsim/run-config';
import { PipelineError } from './artifacts';
import { stageMain, type StageCliOptions } from './cli';
import type { StageContext } from './stages/context';
import { runAblation } from './stages/ablation';
import { runCorpus } from './stages/corpus';
import { runFeatures } from './stages/features';
import { runPairwise } from './stages/pairwise';
import { runPointwise } from './stages/pointwise';
import { runPrepare, type PrepareRunOptions } from './stages/prepare';
import { runPretrain } from './stages/pretrain';
import { runSubmit } from './stages/submit';
import { runEval } from './stages/eval';

/** A pipeline command: each stage, and the ablation table (which trains rows of pointwise + pairwise). */
export type StageCommandName = StageName | 'ablation';

interface StageCommand {
  summary: string;
  /** The key sizes for the start line. */
  describe: (config: RunConfig) => string;
  run: (ctx: StageContext, flags: Record<string, string>) => Promise<unknown>;
  options: StageCliOptions;
}

function fold(value: string | undefined, numFolds: number): FoldName {
  const f = parseFold(value, numFolds);
  if (typeof f === 'string' && f !== 'all') throw new PipelineError(f, 'BAD_ARGUMENT');
  return f as FoldName;
}

function prepareOptions(flags: Record<string, string>): PrepareRunOptions {
  const workers: number | 'auto' =
    flags.workers === undefined || flags.workers === 'auto' ? 'auto' : Number(flags.workers);
  if (workers !== 'auto' && !(Number.isInteger(workers) && workers >= 1)) {
    throw new PipelineError(`--workers must be a positive integer or auto, got '${flags.workers}'`, 'BAD_ARGUMENT');
  }
  const modes = { auto: 'auto', on: true, off: false } as const;
  const directIo = modes[(flags['direct-io'] ?? 'auto') as keyof typeof modes];
  if (directIo === undefined)
    throw new PipelineError(`--direct-io must be auto, on or off, got '${flags['direct-io']}'`, 'BAD_ARGUMENT');
  return { workers, directIo, force: flags.force === 'true' };
}

/** Every pipeline command's function and flags, in run order: what `apps/<stage>` and `npx vidsim <stage>` run. */
export const STAGE_COMMANDS: Record<StageCommandName, StageCommand> = {
  corpus: {
    summary: 'the synthetic corpus in the official layout (official data: checks corpus.dir)',
    describe: ({ corpus: c }) =>
      c.source === 'synthetic' ? `synthetic ${c.preset} corpus, seed ${c.seed}` : `official files in ${c.dir}`,
    run: (ctx) => runCorpus(ctx),
    options: { needsTf: false },
  },
  prepare: {
    summary: "corpus -> Arrow store, tag/category vocabs, pairs.tsv and folds, as run.json's prepare section says",
    describe: ({ prepare: p }) =>
      `${p.numFolds} ${p.foldScheme} folds, ${p.subsample ? 'uniform frame sub-sampling' : 'first 32 frames'}${p.skipBad ? ', skipping bad records' : ''}`,
    run: (ctx, flags) => runPrepare(ctx, prepareOptions(flags)),
    options: {
      needsTf: false,
      flags: {
        workers: 'ingest threads, or auto (default: one per core, at most 8, at most one per GiB of input)',
        'direct-io':
          'auto, on or off: read the TFRecords around the page cache (default auto: files of 64 MiB or more)',
      },
      switches: {
        force: 'rebuild from scratch (default: keep an up-to-date store, or the pieces an interrupted run finished)',
      },
    },
  },
  features: {
    summary: "jieba word vocab and word2vec vectors over every set's titles and ASR",
    describe: ({ features: f }) => `word2vec ${f.w2vEpochs} epochs, window ${f.w2vWindow}, ${f.w2vNegative} negatives`,
    run: (ctx) => runFeatures(ctx),
    options: { needsTf: false },
  },
  pretrain: {
    summary: 'MLM continued pretraining of BERT over titles with frames as vision tokens',
    describe: ({ pretrain: p, model }) =>
      p.enabled
        ? `${p.epochs} epochs, batch ${p.batchSize}, lr ${p.lr}, from ${p.init}, ${model.preset} tower`
        : 'off (pretrain.enabled false)',
    run: (ctx) => runPretrain(ctx),
    options: { trains: true },
  },
  pointwise: {
    summary: 'tag training of the fusion tower; zero-shot Spearman per epoch',
    describe: ({ pointwise: p, model }) =>
      `${p.epochs} epochs, batch ${p.batchSize}, lr ${p.lrHead}/${p.lrBert} (head/bert), ${model.preset} tower`,
    run: (ctx) => runPointwise(ctx),
    options: { trains: true },
  },
  pairwise: {
    summary: 'pairwise fine-tuning of one fold, or of every pair (--fold all: the submission model)',
    describe: ({ pairwise: p }) =>
      `${p.epochs} epochs, batch ${p.batchSize}, lr ${p.lrHead}/${p.lrBert}, ${p.labelNorm} labels${p.sampleWeights ? ', weighted' : ''}`,
    run: (ctx, flags) => runPairwise(ctx, fold(flags.fold, ctx.config.prepare.numFolds)),
    options: {
      trains: true,
      flags: { fold: 'the fold to train: 0 .. prepare.numFolds-1, or all (every pair; the submission model)' },
      stageDir: (flags, config) => pairwiseStage(fold(flags.fold, config.prepare.numFolds)),
    },
  },
  submit: {
    summary: "embed the test sets, write and check result.zip, print the run's scores",
    describe: ({ submit, pairwise }) =>
      `sets ${submit.sets.join(', ')} with the ${pairwise.trainAll ? 'all-pairs' : 'pointwise'} model`,
    run: (ctx) => runSubmit(ctx),
    options: {},
  },
  eval: {
    summary: 'store-based baselines and every model score on each labelled pair set, with bootstrap intervals',
    describe: ({ eval: e }) => `${e.resamples} resamples, baselines ${e.baselines ? 'on' : 'off'}`,
    run: (ctx) => runEval(ctx),
    options: {},
  },
  ablation: {
    summary: "the reference README's ablation table on this run's data (pointwise + folds per row)",
    describe: ({ pairwise }) => `each row: pointwise + folds ${pairwise.folds.join(', ')}`,
    run: (ctx, flags) => runAblation(ctx, flags.rows ? flags.rows.split(',') : undefined),
    options: {
      stageDir: () => 'ablation',
      flags: {
        rows: 'comma-separated rows (default all): base, thres-label, nolayernorm, binary, nomerge, nomdrop, nocontinue, nowords, nodice, add-se, vgroups8, nolabel-strategy',
      },
    },
  },
};

/** Runs one pipeline command with its flags (`argv` without the command name). */
export function runStageCommand(name: StageCommandName, argv = process.argv.slice(2)): Promise<void> {
  const c = STAGE_COMMANDS[name];
  return stageMain(
    name,
    async (ctx, flags) => {
      await c.run(ctx, flags);
    },
    { ...c.options, summary: c.summary, describe: c.describe },
    argv,
  );
}
