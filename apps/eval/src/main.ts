// The eval command (STAGE_COMMANDS.eval in @vidsim/pipeline): baselines from the store and every model score with a
// bootstrap interval (artifacts/<run>/eval/eval.json); the same as `npx vidsim eval`.
// Usage: npx vidsim eval --run <run name|run.json|preset>  (--help for every flag)
import { runStageCommand } from '@vidsim/pipeline';

void runStageCommand('eval');
