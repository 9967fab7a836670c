// Stage 4: MLM continued pretraining of BERT over titles with frames as vision tokens.
// Usage: npx tsx apps/pretrain/src/main.ts --run <run.json|preset> [--resume]
import { runPretrain, stageMain } from '@vidsim/pipeline';

void stageMain('pretrain', (ctx) => runPretrain(ctx), { trains: true });
