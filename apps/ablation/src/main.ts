// The reference README's ablation table on a run's data: each row trains pointwise + the run's pairwise folds.
// Usage: npx tsx apps/ablation/src/main.ts --run <run.json|preset> [--rows base,nowords,...]
import { runAblation, stageMain } from '@vidsim/pipeline';

void stageMain('ablation', async (ctx, flags) => {
  await runAblation(ctx, flags.rows ? flags.rows.split(',') : undefined);
}, { stageDir: () => 'ablation', flags: { rows: 'comma-separated rows (default all): base, thres-label, nolayernorm, binary, nomerge, nomdrop, nocontinue, nowords, nodice, add-se, vgroups8, nolabel-strategy' } });
