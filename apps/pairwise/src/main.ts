// Stage 6: pairwise fine-tuning of one strict fold (0..4) or of every pair (all).
// Usage: npx tsx apps/pairwise/src/main.ts --run <run.json|preset> --fold <0..4|all> [--resume]
import { PipelineError, runPairwise, stageMain } from '@vidsim/pipeline';

void stageMain(
  'pairwise',
  (ctx, flags) => {
    const fold = flags.fold === 'all' ? 'all' : Number(flags.fold);
    if (fold !== 'all' && !(Number.isInteger(fold) && fold >= 0 && fold < 5)) {
      throw new PipelineError(`--fold must be 0..4 or all, got '${flags.fold}'`, 'BAD_ARGUMENT');
    }
    return runPairwise(ctx, fold);
  },
  { trains: true, flags: { fold: 'the fold to train: 0..4, or all (every pair; the submission model)' } },
);
