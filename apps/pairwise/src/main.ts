// Stage 6: pairwise fine-tuning of one fold (0 .. prepare.numFolds-1) or of every pair (all).
// Usage: npx vidsim pairwise --run <run> --fold <k|all> [--resume]
import { PipelineError, runPairwise, stageMain } from '@vidsim/pipeline';
import { pairwiseStage, parseFold, type FoldName } from '@vidsim/run-layout';

const fold = (value: string | undefined, numFolds: number): FoldName => {
  const f = parseFold(value, numFolds);
  if (typeof f === 'string' && f !== 'all') throw new PipelineError(f, 'BAD_ARGUMENT');
  return f as FoldName;
};

void stageMain(
  'pairwise',
  (ctx, flags) => runPairwise(ctx, fold(flags.fold, ctx.config.prepare.numFolds)),
  {
    trains: true,
    flags: { fold: 'the fold to train: 0 .. prepare.numFolds-1, or all (every pair; the submission model)' },
    stageDir: (flags, config) => pairwiseStage(fold(flags.fold, config.prepare.numFolds)),
  },
);
