// The corpus command (STAGE_COMMANDS.corpus in @vidsim/pipeline); the same as `npx vidsim corpus`.
// Usage: npx vidsim corpus --run <run name|run.json|preset>  (--help for every flag)
import { runStageCommand } from '@vidsim/pipeline';

void runStageCommand('corpus');
