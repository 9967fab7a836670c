// The pairwise command (STAGE_COMMANDS.pairwise in @vidsim/pipeline); the same as `npx vidsim pairwise`.
// Usage: npx vidsim pairwise --run <run name|run.json|preset> --fold <k|all>  (--help for every flag)
import { runStageCommand } from '@vidsim/pipeline';

void runStageCommand('pairwise');
