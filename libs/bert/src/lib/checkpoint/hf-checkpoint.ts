import {
  tf,
  float32ToSafeTensor,
  safeTensorToFloat32,
  writeSafetensors,
  type SafeTensor,
  type SafetensorsFile,
} from '@vidsim/tf-runtime';
import type { BertModel } from '../bert-model';
import { BertError } from '../errors';
import type { BertMlmHead } from '../mlm-head';
import type { WeightStore } from '../weights';
import { detectPrefix, hfRole, requiredHfNames } from './hf-names';

type FloatDtype = 'F32' | 'F16' | 'BF16';
const FLOAT_DTYPES: readonly string[] = ['F32', 'F16', 'BF16'];

/** What a load saw, kept so that a save writes the same names, dtypes, order and extra tensors back. */
export interface HfCheckpointInfo {
  /** 'bert.' (BertForPreTraining / BertForMaskedLM) or '' (BertModel). */
  prefix: string;
  /** Every tensor name of the file with its dtype, in file order. */
  dtypes: Map<string, FloatDtype>;
  /** Names loaded into variables. */
  loaded: string[];
  /** Tied copies (`cls.predictions.decoder.*`), written back from the variable they copy. */
  tied: string[];
  /** Known but unmodelled tensors (pooler, NSP head, MLM head without a head), kept as raw bytes. */
  passthrough: Map<string, SafeTensor>;
  /** Variables the file did not provide (only with allowMissing); they keep their fresh values. */
  missing: string[];
  /** Names nothing maps to (only with allowUnexpected); dropped on save. */
  unexpected: string[];
  metadata?: Record<string, string>;
}

export interface LoadHfOptions {
  /** Leave variables the file lacks at their initial values instead of failing. Default false. */
  allowMissing?: boolean;
  /** Ignore tensors nothing maps to instead of failing. Default false. */
  allowUnexpected?: boolean;
  /** Where the tensors came from, for messages. */
  source?: string;
}

/** [rows, cols] row-major -> [cols, rows]. */
function transpose2d(v: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(v.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = v[r * cols + c];
  return out;
}

/**
 * Loads Hugging Face BERT tensors into `bert` (and `head`), paranoid like nanoGPT's from_pretrained:
 * every name is classified, every shape checked, and all missing / unexpected names / mismatches are
 * reported together in one BertError before any variable changes.
 */
export function loadHfTensors(
  file: SafetensorsFile,
  bert: BertModel,
  head?: BertMlmHead,
  options: LoadHfOptions = {},
): HfCheckpointInfo {
  const source = options.source ?? '<tensors>';
  const prefix = detectPrefix(file.tensors.keys());
  const info: HfCheckpointInfo = {
    prefix,
    dtypes: new Map(),
    loaded: [],
    tied: [],
    passthrough: new Map(),
    missing: [],
    unexpected: [],
    metadata: file.metadata,
  };
  const pending: { store: WeightStore; key: string; values: Float32Array; shape: number[] }[] = [];
  const tiedValues: { name: string; store: WeightStore; key: string; values: Float32Array }[] = [];
  const mismatches: string[] = [];
  for (const [name, t] of file.tensors) {
    if (!FLOAT_DTYPES.includes(t.dtype)) {
      throw new BertError(
        `${source}: tensor ${name} has dtype ${t.dtype}; only F32, F16 and BF16 are supported`,
        'UNSUPPORTED_DTYPE',
        { file: source, name, dtype: t.dtype },
      );
    }
    info.dtypes.set(name, t.dtype as FloatDtype);
    const role = hfRole(name, prefix, bert, head);
    if (role.kind === 'unexpected') info.unexpected.push(name);
    else if (role.kind === 'passthrough') info.passthrough.set(name, t);
    else {
      const want = role.store.get(role.key).shape;
      const shape = role.kind === 'variable' && role.transpose ? [t.shape[1], t.shape[0]] : t.shape;
      if (t.shape.length !== want.length || !tf.util.arraysEqual(shape, want)) {
        const torchWant = role.kind === 'variable' && role.transpose ? [want[1], want[0]] : want;
        mismatches.push(`${name}: expected ${JSON.stringify(torchWant)}, got ${JSON.stringify(t.shape)}`);
        continue;
      }
      let values = safeTensorToFloat32(t);
      if (role.kind === 'variable' && role.transpose) values = transpose2d(values, t.shape[0], t.shape[1]);
      if (role.kind === 'tied') tiedValues.push({ name, store: role.store, key: role.key, values });
      else pending.push({ store: role.store, key: role.key, values, shape });
      (role.kind === 'tied' ? info.tied : info.loaded).push(name);
    }
  }
  if (mismatches.length) {
    throw new BertError(
      `${source}: ${mismatches.length} tensor shape(s) do not match the model: ${mismatches.join('; ')}`,
      'WEIGHT_SHAPE_MISMATCH',
      { file: source, mismatches },
    );
  }
  const loaded = new Set(info.loaded);
  info.missing = requiredHfNames(prefix, bert, head)
    .map((r) => r.name)
    .filter((n) => !loaded.has(n));
  if (info.missing.length && !options.allowMissing) {
    throw new BertError(
      `${source}: ${info.missing.length} weight(s) missing: ${info.missing.join(', ')}`,
      'MISSING_WEIGHTS',
      { file: source, missing: info.missing },
    );
  }
  if (info.unexpected.length && !options.allowUnexpected) {
    throw new BertError(
      `${source}: ${info.unexpected.length} unexpected tensor(s): ${info.unexpected.join(', ')}`,
      'UNEXPECTED_WEIGHTS',
      { file: source, unexpected: info.unexpected },
    );
  }
  for (const p of pending) tf.tidy(() => p.store.assign(p.key, tf.tensor(p.values, p.shape, 'float32')));
  // A tied copy that differs from its variable means an untied checkpoint, which this model cannot hold.
  for (const t of tiedValues) {
    const own = t.store.get(t.key).dataSync() as Float32Array;
    if (own.some((v, i) => v !== t.values[i])) {
      throw new BertError(
        `${source}: ${t.name} differs from the weight it is tied to (${t.key}); untied MLM decoders are not supported`,
        'BAD_CHECKPOINT',
        { file: source, name: t.name },
      );
    }
  }
  return info;
}

/**
 * Builds the safetensors content for `bert` (and `head`). With `info` from a load, the same names, dtypes,
 * order, metadata and passthrough tensors are written, so load + save is byte-identical; without it,
 * BertForPreTraining names in F32.
 */
export function toHfTensors(bert: BertModel, head?: BertMlmHead, info?: HfCheckpointInfo): SafetensorsFile {
  const prefix = info?.prefix ?? 'bert.';
  const encode = (store: WeightStore, key: string, transpose: boolean, dtype: FloatDtype): SafeTensor => {
    const v = store.get(key);
    let values = v.dataSync() as Float32Array;
    let shape: number[] = [...v.shape];
    if (transpose) {
      values = transpose2d(values, shape[0], shape[1]);
      shape = [shape[1], shape[0]];
    }
    return float32ToSafeTensor(values, shape, dtype);
  };
  const tensors = new Map<string, SafeTensor>();
  if (!info) {
    for (const r of requiredHfNames(prefix, bert, head))
      tensors.set(r.name, encode(r.store, r.key, r.transpose, 'F32'));
    return { tensors };
  }
  for (const [name, dtype] of info.dtypes) {
    const pass = info.passthrough.get(name);
    if (pass) {
      tensors.set(name, pass);
      continue;
    }
    const role = hfRole(name, prefix, bert, head);
    if (role.kind === 'variable') tensors.set(name, encode(role.store, role.key, role.transpose, dtype));
    else if (role.kind === 'tied') tensors.set(name, encode(role.store, role.key, false, dtype));
  }
  for (const r of requiredHfNames(prefix, bert, head)) {
    if (!tensors.has(r.name)) tensors.set(r.name, encode(r.store, r.key, r.transpose, 'F32'));
  }
  return { tensors, metadata: info.metadata };
}

/** Writes the model as a `.safetensors` file (temp name, then rename); see toHfTensors. */
export async function saveHfCheckpoint(
  file: string,
  bert: BertModel,
  head?: BertMlmHead,
  info?: HfCheckpointInfo,
): Promise<void> {
  await writeSafetensors(file, toHfTensors(bert, head, info));
}
