import { tf } from './tf';
import {
  float32ToSafeTensor,
  readSafetensors,
  safeTensorToFloat32,
  writeSafetensors,
  type SafeTensor,
} from './safetensors';
import { TfRuntimeError } from './errors';

/** Saves named tensors (variables or plain tensors) as a float32/int32 safetensors file, atomically. */
export async function saveVariables(
  file: string,
  tensors: Record<string, tf.Tensor>,
  metadata?: Record<string, string>,
): Promise<void> {
  const out = new Map<string, SafeTensor>();
  for (const name of Object.keys(tensors).sort()) {
    const t = tensors[name];
    if (t.dtype === 'int32') {
      const v = (await t.data()) as Int32Array;
      out.set(name, {
        dtype: 'I32',
        shape: [...t.shape],
        data: new Uint8Array(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength)),
      });
    } else {
      out.set(name, float32ToSafeTensor((await t.data()) as Float32Array, [...t.shape], 'F32'));
    }
  }
  await writeSafetensors(file, { tensors: out, metadata });
}

/** Loads every tensor of a safetensors file as a tf.Tensor (floats as float32). The caller owns them. */
export async function loadTensors(file: string): Promise<Record<string, tf.Tensor>> {
  const { tensors } = await readSafetensors(file);
  const out: Record<string, tf.Tensor> = {};
  for (const [name, t] of tensors) {
    if (t.dtype === 'I32') out[name] = tf.tensor(new Int32Array(t.data.slice().buffer), t.shape, 'int32');
    else out[name] = tf.tensor(safeTensorToFloat32(t), t.shape, 'float32');
  }
  return out;
}

/**
 * Assigns saved values to existing variables by name. Every variable must be present with the same shape;
 * names in the file that match no variable are reported unless `allowUnexpected`.
 */
export async function loadVariablesInto(
  file: string,
  variables: Record<string, tf.Variable>,
  opts: { allowUnexpected?: boolean } = {},
): Promise<void> {
  const saved = await loadTensors(file);
  try {
    const missing = Object.keys(variables).filter((n) => !(n in saved));
    const unexpected = Object.keys(saved).filter((n) => !(n in variables));
    const mismatched = Object.keys(variables)
      .filter((n) => n in saved && !tf.util.arraysEqual(saved[n].shape, variables[n].shape))
      .map((n) => `${n}: file [${saved[n].shape}] vs variable [${variables[n].shape}]`);
    if (missing.length || mismatched.length || (unexpected.length && !opts.allowUnexpected)) {
      throw new TfRuntimeError(
        `${file}: cannot load variables` +
          (missing.length ? `; missing: ${missing.join(', ')}` : '') +
          (mismatched.length ? `; shape mismatch: ${mismatched.join('; ')}` : '') +
          (unexpected.length && !opts.allowUnexpected ? `; unexpected: ${unexpected.join(', ')}` : ''),
        'BAD_SAFETENSORS',
      );
    }
    for (const [name, v] of Object.entries(variables)) v.assign(saved[name]);
  } finally {
    tf.dispose(Object.values(saved));
  }
}
