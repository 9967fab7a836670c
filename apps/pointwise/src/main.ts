// The pointwise command (STAGE_COMMANDS.pointwise in @vidsim/pipeline); the same as `npx vidsim pointwise`.
// Usage: npx vidsim pointwise --run <run name|run.json|preset>  (--help for every flag)
import { runStageCommand } from '@vidsim/pipeline';

void runStageCommand('pointwise');
