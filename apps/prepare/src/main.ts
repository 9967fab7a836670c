// The prepare command (STAGE_COMMANDS.prepare in @vidsim/pipeline); the same as `npx vidsim prepare`.
// Usage: npx vidsim prepare --run <run name|run.json|preset> [--workers N|auto] [--direct-io auto|on|off] [--force]  (--help for every flag)
import { runStageCommand } from '@vidsim/pipeline';

void runStageCommand('prepare');
