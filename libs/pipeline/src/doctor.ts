import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FRAME_DIM, MAX_FRAMES } from '@vidsim/data-prep';
import { loadRunArg, type RunConfig } from '@vidsim/run-config';
import { presetConfig } from '@vidsim/synthetic-corpus';
import {
  checkCudaLibraries,
  describeNativeBlas,
  probeBackends,
  probeNativeBlas,
  type BackendProbe,
  type BlasStatus,
  type LibraryCheck,
} from '@vidsim/tf-runtime';

/** Bytes of one video's frames as the TFRecords and the store hold them: 32 frames x 1536 float16. */
export const FRAME_BYTES_PER_VIDEO = MAX_FRAMES * FRAME_DIM * 2;
/**
 * Training state of the tower: weights, gradients and two Adam moments, 4 bytes each. model2 has BERT-base
 * (about 102M parameters) plus the heads; the tiny tower a few million. Rounded up.
 */
const TRAINING_STATE_BYTES = { model2: 110e6 * 4 * 4, tiny: 8e6 * 4 * 4 } as const;

export interface RunNeeds {
  /** Disk for the run's artifacts: the corpus (synthetic only), the store, features, checkpoints. */
  diskBytes: number;
  /** Peak memory: the pairwise set held in memory (pairs read it at random) plus the training state. */
  memoryBytes: number;
  /** How the numbers were reached, in a line. */
  basis: string;
}

/** A rough, stated estimate of what a run needs, from its config (and, for official data, the input's size). */
export function estimateRunNeeds(config: RunConfig): RunNeeds {
  const state = TRAINING_STATE_BYTES[config.model.preset];
  // checkpoints: the stage's own plus the one being written; folds run one or two at a time
  const checkpoints = 4 * state;
  if (config.corpus.source === 'synthetic') {
    const c = presetConfig(config.corpus.preset);
    const videos = c.pointwiseVideos + c.pairwiseVideos + 2 * c.testVideos;
    return {
      diskBytes: 2 * videos * FRAME_BYTES_PER_VIDEO + checkpoints,
      memoryBytes: c.pairwiseVideos * FRAME_BYTES_PER_VIDEO + state,
      basis:
        `${videos} synthetic videos x ${fmtBytes(FRAME_BYTES_PER_VIDEO)} of frames, twice (corpus + store), plus checkpoints; ` +
        `memory: the ${c.pairwiseVideos} pairwise videos plus the ${config.model.preset} tower's training state`,
    };
  }
  const input = folderBytes(config.corpus.dir);
  const pairwiseBytes = folderBytes(path.join(config.corpus.dir, 'pairwise'));
  return {
    diskBytes: input + checkpoints,
    memoryBytes: pairwiseBytes + state,
    basis:
      `the store about as large as the ${fmtBytes(input)} of input TFRecords (frames dominate both), plus checkpoints; ` +
      `memory: the pairwise set (${fmtBytes(pairwiseBytes)}) plus the ${config.model.preset} tower's training state`,
  };
}

function folderBytes(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  let total = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    total += e.isDirectory() ? folderBytes(p) : e.isFile() ? fs.statSync(p).size : 0;
  }
  return total;
}

export function fmtBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${n.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

/** Memory the kernel could give a new process now (MemAvailable), else os.freemem(). */
function availableMemory(): number {
  try {
    const m = /^MemAvailable:\s+(\d+) kB/m.exec(fs.readFileSync('/proc/meminfo', 'utf8'));
    if (m) return Number(m[1]) * 1024;
  } catch {
    // not Linux
  }
  return os.freemem();
}

export interface DoctorReport {
  backends: BackendProbe[];
  cuda: LibraryCheck[];
  /** The native BLAS the wasm backend would use (VIDSIM_BLAS). */
  blas?: BlasStatus;
  run?: { name: string; needs: RunNeeds; artifactsDir: string; freeDiskBytes: number; availableMemoryBytes: number };
}

export async function doctor(config: RunConfig | undefined, artifactsRoot = 'artifacts'): Promise<DoctorReport> {
  const report: DoctorReport = { backends: await probeBackends(), cuda: checkCudaLibraries(), blas: probeNativeBlas() };
  if (config) {
    let dir = path.resolve(artifactsRoot);
    while (!fs.existsSync(dir)) dir = path.dirname(dir);
    const st = fs.statfsSync(dir);
    report.run = {
      name: config.name,
      needs: estimateRunNeeds(config),
      artifactsDir: dir,
      freeDiskBytes: st.bavail * st.bsize,
      availableMemoryBytes: availableMemory(),
    };
  }
  return report;
}

export function formatDoctor(r: DoctorReport): string {
  const lines = [
    'TensorFlow.js backends (tried in this order; the first that loads is used unless VIDSIM_BACKEND says otherwise):',
  ];
  for (const b of r.backends)
    lines.push(`  ${b.loads ? 'ok  ' : 'no  '} ${b.name.padEnd(8)} ${b.loads ? 'loads' : b.reason}`);
  if (r.blas) lines.push(`wasm matmuls: ${describeNativeBlas(r.blas)} (VIDSIM_BLAS=auto|on|off)`);
  const missing = r.cuda.filter((l) => !l.foundAt);
  lines.push(
    `CUDA libraries for tfjs-node-gpu (CUDA 11.2 / cuDNN 8.1 sonames): ${r.cuda.length - missing.length} of ${r.cuda.length} found`,
  );
  for (const l of r.cuda)
    lines.push(
      `  ${l.foundAt ? 'ok  ' : 'no  '} ${l.name.padEnd(18)} ${l.foundAt ?? 'not in ldconfig -p or LD_LIBRARY_PATH'}`,
    );
  if (r.run) {
    const { needs, freeDiskBytes, availableMemoryBytes } = r.run;
    const mark = (ok: boolean) => (ok ? 'ok  ' : 'LOW ');
    lines.push(
      `run ${r.run.name}: needs about ${fmtBytes(needs.diskBytes)} of disk and ${fmtBytes(needs.memoryBytes)} of memory (rough: ${needs.basis})`,
    );
    lines.push(
      `  ${mark(freeDiskBytes >= needs.diskBytes)} disk   ${fmtBytes(freeDiskBytes)} free under ${r.run.artifactsDir}`,
    );
    lines.push(
      `  ${mark(availableMemoryBytes >= needs.memoryBytes)} memory ${fmtBytes(availableMemoryBytes)} available`,
    );
  } else {
    lines.push('(add --run <run> to check disk and memory against what that run needs)');
  }
  return lines.join('\n');
}

export const DOCTOR_USAGE = `usage: vidsim doctor [--run <run>] [--artifacts <root>]
which TensorFlow.js backends load here and why the others do not; which CUDA libraries tfjs-node-gpu needs and
which are found; free disk and memory against what the run needs (a rough estimate from its config)
  --run        a run name, a run.json path or a preset
  --artifacts  artifacts root folder (default: artifacts)
  -h, --help   this text`;

/** `vidsim doctor`: prints the report; exit 0 (the report is information, not a verdict), 2 on bad flags. */
export async function doctorMain(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(DOCTOR_USAGE);
    return 0;
  }
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 2) {
    if (!['--run', '--artifacts'].includes(argv[i]) || argv[i + 1] === undefined) {
      console.error(`doctor: unknown argument '${argv[i]}'\n${DOCTOR_USAGE}`);
      return 2;
    }
    flags[argv[i].slice(2)] = argv[i + 1];
  }
  try {
    console.log(formatDoctor(await doctor(flags.run ? loadRunArg(flags.run) : undefined, flags.artifacts)));
    return 0;
  } catch (e) {
    if (e instanceof Error && e.name === 'RunConfigError') {
      console.error(`doctor: ${e.message}`);
      return 2;
    }
    throw e;
  }
}
