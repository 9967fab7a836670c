// Stage 1: the synthetic corpus in the official layout (official data: checks corpus.dir).
// Usage: npx tsx apps/corpus/src/main.ts --run <run.json|preset>
import { runCorpus, stageMain } from '@vidsim/pipeline';

void stageMain('corpus', (ctx) => runCorpus(ctx), { needsTf: false });
