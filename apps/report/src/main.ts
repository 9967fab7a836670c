// Writes a run's self-contained HTML report from its artifacts; the same as `npx vidsim report`.
// Usage: npx vidsim report --run <run name|run.json> [--artifacts <root, default artifacts>]
import { reportMain } from '@vidsim/run-report';

reportMain(process.argv.slice(2)).then((code) => (process.exitCode = code));
