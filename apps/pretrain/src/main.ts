// The pretrain command (STAGE_COMMANDS.pretrain in @vidsim/pipeline); the same as `npx vidsim pretrain`.
// Usage: npx vidsim pretrain --run <run name|run.json|preset>  (--help for every flag)
import { runStageCommand } from '@vidsim/pipeline';

void runStageCommand('pretrain');
