// Stage 8: baselines from the store and every model score with a bootstrap interval (artifacts/<run>/eval/eval.json).
// Usage: npx tsx apps/eval/src/main.ts --run <run.json|preset>
import { runEval, stageMain } from '@vidsim/pipeline';

void stageMain('eval', async (ctx) => {
  await runEval(ctx);
});
