// Stage 3: jieba word vocab and word2vec vectors over every set's titles and ASR.
// Usage: npx tsx apps/features/src/main.ts --run <run.json|preset>
import { runFeatures, stageMain } from '@vidsim/pipeline';

void stageMain('features', (ctx) => runFeatures(ctx), { needsTf: false });
