// The eval command (STAGE_COMMANDS.eval in @vidsim/pipeline); the same as `npx vidsim eval`.
// Usage: npx vidsim eval --run <run name|run.json|preset>  (--help for every flag)
import { runStageCommand } from '@vidsim/pipeline';

void runStageCommand('eval');
