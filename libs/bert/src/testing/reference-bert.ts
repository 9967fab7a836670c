// A deliberately naive float64 BERT (loops over arrays, torch [out, in] layout, HF names), written
// independently of the library, to check it against. Test-only.
import * as fs from 'fs';

export type F64Weights = Map<string, { shape: number[]; data: Float64Array }>;

/** Minimal F32-only safetensors reader (header length, JSON header, little-endian floats). */
export function readF32Safetensors(file: string): F64Weights {
  const buf = fs.readFileSync(file);
  const n = Number(buf.readBigUInt64LE(0));
  const header = JSON.parse(buf.subarray(8, 8 + n).toString('utf8')) as Record<
    string,
    { dtype: string; shape: number[]; data_offsets: [number, number] }
  >;
  const out: F64Weights = new Map();
  for (const [name, e] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    if (e.dtype !== 'F32') throw new Error(`test reader handles F32 only, got ${e.dtype}`);
    const data = new Float64Array((e.data_offsets[1] - e.data_offsets[0]) / 4);
    for (let i = 0; i < data.length; i++) data[i] = buf.readFloatLE(8 + n + e.data_offsets[0] + 4 * i);
    out.set(name, { shape: e.shape, data });
  }
  return out;
}

type Vec = number[];

function linear(w: F64Weights, name: string, x: Vec): Vec {
  const W = w.get(`${name}.weight`)!;
  const b = w.get(`${name}.bias`)!.data;
  const [out, inn] = W.shape;
  const y: Vec = [];
  for (let o = 0; o < out; o++) {
    let s = b[o];
    for (let i = 0; i < inn; i++) s += W.data[o * inn + i] * x[i];
    y.push(s);
  }
  return y;
}

function norm(w: F64Weights, name: string, x: Vec, eps: number): Vec {
  const mean = x.reduce((a, v) => a + v, 0) / x.length;
  const vr = x.reduce((a, v) => a + (v - mean) ** 2, 0) / x.length;
  const g = w.get(`${name}.weight`)!.data;
  const b = w.get(`${name}.bias`)!.data;
  return x.map((v, i) => ((v - mean) / Math.sqrt(vr + eps)) * g[i] + b[i]);
}

/** erf by Abramowitz-Stegun 7.1.26 is too coarse (1.5e-7); use a series/continued fraction to 1e-15. */
export function erf64(x: number): number {
  const ax = Math.abs(x);
  if (ax < 3) {
    let term = ax,
      sum = ax;
    for (let n = 1; n < 200; n++) {
      term *= (-ax * ax) / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17) break;
    }
    return Math.sign(x) * (2 / Math.sqrt(Math.PI)) * sum;
  }
  // erfc continued fraction for large |x|
  let f = 0;
  for (let n = 60; n >= 1; n--) f = n / 2 / (ax + f);
  const erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / (ax + f);
  return Math.sign(x) * (1 - erfc);
}

const gelu64 = (v: number) => 0.5 * v * (1 + erf64(v / Math.SQRT2));

export interface RefConfig {
  numLayers: number;
  numHeads: number;
  eps: number;
}

/** Returns the last hidden states [T][H] of one sequence. */
export function referenceBert(
  w: F64Weights,
  c: RefConfig,
  ids: number[],
  mask: number[],
  types: number[],
  prefix = 'bert.',
): Vec[] {
  const emb = (n: string, row: number) => {
    const e = w.get(`${prefix}embeddings.${n}.weight`)!;
    const H = e.shape[1];
    return Array.from(e.data.subarray(row * H, row * H + H));
  };
  let x = ids.map((id, t) => {
    const a = emb('word_embeddings', id),
      p = emb('position_embeddings', t),
      y = emb('token_type_embeddings', types[t]);
    return norm(
      w,
      `${prefix}embeddings.LayerNorm`,
      a.map((v, i) => v + p[i] + y[i]),
      c.eps,
    );
  });
  const T = ids.length,
    H = x[0].length,
    d = H / c.numHeads;
  for (let l = 0; l < c.numLayers; l++) {
    const p = `${prefix}encoder.layer.${l}`;
    const q = x.map((r) => linear(w, `${p}.attention.self.query`, r));
    const k = x.map((r) => linear(w, `${p}.attention.self.key`, r));
    const v = x.map((r) => linear(w, `${p}.attention.self.value`, r));
    const ctx = x.map(() => new Array<number>(H).fill(0));
    for (let h = 0; h < c.numHeads; h++) {
      for (let i = 0; i < T; i++) {
        const s: number[] = [];
        for (let j = 0; j < T; j++) {
          let dot = 0;
          for (let e = 0; e < d; e++) dot += q[i][h * d + e] * k[j][h * d + e];
          s.push(dot / Math.sqrt(d) + (mask[j] ? 0 : -10000));
        }
        const m = Math.max(...s);
        const ex = s.map((z) => Math.exp(z - m));
        const z = ex.reduce((a, b) => a + b, 0);
        for (let j = 0; j < T; j++) for (let e = 0; e < d; e++) ctx[i][h * d + e] += (ex[j] / z) * v[j][h * d + e];
      }
    }
    const h1 = x.map((r, t) =>
      norm(
        w,
        `${p}.attention.output.LayerNorm`,
        linear(w, `${p}.attention.output.dense`, ctx[t]).map((a, i) => a + r[i]),
        c.eps,
      ),
    );
    x = h1.map((r) => {
      const inner = linear(w, `${p}.intermediate.dense`, r).map(gelu64);
      return norm(
        w,
        `${p}.output.LayerNorm`,
        linear(w, `${p}.output.dense`, inner).map((a, i) => a + r[i]),
        c.eps,
      );
    });
  }
  return x;
}

/** MLM logits [V] for one hidden state (decoder tied to the word embeddings). */
export function referenceMlmLogits(w: F64Weights, hidden: Vec, eps: number): Vec {
  const t = norm(
    w,
    'cls.predictions.transform.LayerNorm',
    linear(w, 'cls.predictions.transform.dense', hidden).map(gelu64),
    eps,
  );
  const E = w.get('bert.embeddings.word_embeddings.weight')!;
  const bias = w.get('cls.predictions.bias')!.data;
  const [V, H] = E.shape;
  const out: Vec = [];
  for (let r = 0; r < V; r++) {
    let s = bias[r];
    for (let i = 0; i < H; i++) s += E.data[r * H + i] * t[i];
    out.push(s);
  }
  return out;
}
