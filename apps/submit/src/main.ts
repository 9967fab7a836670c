// Stage 7: embed the test sets, write and check result.zip, print the run's scores.
// Usage: npx tsx apps/submit/src/main.ts --run <run.json|preset>
import { runSubmit, stageMain } from '@vidsim/pipeline';

void stageMain('submit', (ctx) => runSubmit(ctx));
