// The submit command (STAGE_COMMANDS.submit in @vidsim/pipeline); the same as `npx vidsim submit`.
// Usage: npx vidsim submit --run <run name|run.json|preset>  (--help for every flag)
import { runStageCommand } from '@vidsim/pipeline';

void runStageCommand('submit');
