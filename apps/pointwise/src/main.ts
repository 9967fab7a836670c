// Stage 5: pointwise tag training of the fusion tower, zero-shot Spearman per epoch.
// Usage: npx tsx apps/pointwise/src/main.ts --run <run.json|preset> [--resume]
import { runPointwise, stageMain } from '@vidsim/pipeline';

void stageMain('pointwise', (ctx) => runPointwise(ctx), { trains: true });
