// The features command (STAGE_COMMANDS.features in @vidsim/pipeline); the same as `npx vidsim features`.
// Usage: npx vidsim features --run <run name|run.json|preset>  (--help for every flag)
import { runStageCommand } from '@vidsim/pipeline';

void runStageCommand('features');
