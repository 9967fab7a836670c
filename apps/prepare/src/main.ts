// Stage 2: the corpus (official files at corpus.dir, or the synthetic corpus) to the Arrow store, vocabs, pairs and
// folds, as the run's `prepare` section says. Usage: npx vidsim prepare --run <run> [--workers N|auto] [--direct-io auto|on|off] [--force]
import { PipelineError, runPrepare, stageMain } from '@vidsim/pipeline';

void stageMain(
  'prepare',
  (ctx, flags) => {
    const workers = flags.workers === undefined || flags.workers === 'auto' ? 'auto' : Number(flags.workers);
    if (workers !== 'auto' && !(Number.isInteger(workers) && workers >= 1)) {
      throw new PipelineError(`--workers must be a positive integer or auto, got '${flags.workers}'`, 'BAD_ARGUMENT');
    }
    const modes = { auto: 'auto', on: true, off: false } as const;
    const directIo = modes[(flags['direct-io'] ?? 'auto') as keyof typeof modes];
    if (directIo === undefined) throw new PipelineError(`--direct-io must be auto, on or off, got '${flags['direct-io']}'`, 'BAD_ARGUMENT');
    return runPrepare(ctx, { workers, directIo, force: flags.force === 'true' });
  },
  {
    needsTf: false,
    flags: {
      workers: 'ingest threads, or auto (default: one per core, at most 8, at most one per GiB of input)',
      'direct-io': 'auto, on or off: read the TFRecords around the page cache (default auto: files of 64 MiB or more)',
    },
    switches: { force: 'rebuild from scratch (default: keep an up-to-date store, or the pieces an interrupted run finished)' },
  },
);
