// The ablation command (STAGE_COMMANDS.ablation in @vidsim/pipeline); the same as `npx vidsim ablation`.
// Usage: npx vidsim ablation --run <run name|run.json|preset>  (--help for every flag)
import { runStageCommand } from '@vidsim/pipeline';

void runStageCommand('ablation');
