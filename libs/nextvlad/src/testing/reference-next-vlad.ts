// An independent float64 NeXtVLAD written with plain loops straight from reference-solution.md §2.3,
// used as the oracle for values and for finite-difference gradients. Not part of the library build.

export interface RefConfig {
  F: number;
  E: number;
  G: number;
  K: number;
  O: number;
  maskAfter: boolean;
}
export interface RefWeights {
  expandKernel: number[][];
  expandBias: number[];
  gateKernel: number[][];
  gateBias: number[];
  clusterKernel: number[][];
  clusterCentres: number[][];
  outKernel: number[][];
  outBias: number[];
}

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

/** x: [B][T][D], lengths: [B] or null -> [B][O] */
export function refNextVlad(x: number[][][], lengths: number[] | null, w: RefWeights, c: RefConfig): number[][] {
  const EF = c.E * c.F,
    Fp = EF / c.G;
  return x.map((frames, b) => {
    const T = frames.length;
    const valid = (t: number) => (lengths ? t < lengths[b] : true);
    // expand (rows zeroed before the Dense when padded)
    const e = frames.map((row, t) => {
      const r = valid(t) ? row : row.map(() => 0);
      return Array.from(
        { length: EF },
        (_, j) => w.expandBias[j] + r.reduce((s, v, i) => s + v * w.expandKernel[i][j], 0),
      );
    });
    const vlad = Array.from({ length: Fp }, () => new Array<number>(c.K).fill(0)); // [F'][K]
    const aSum = new Array<number>(c.K).fill(0);
    for (let t = 0; t < T; t++) {
      for (let g = 0; g < c.G; g++) {
        let gate = sigmoid(w.gateBias[g] + e[t].reduce((s, v, i) => s + v * w.gateKernel[i][g], 0));
        if (c.maskAfter && !valid(t)) gate = 0;
        const logits = Array.from({ length: c.K }, (_, k) =>
          e[t].reduce((s, v, i) => s + v * w.clusterKernel[i][g * c.K + k], 0),
        );
        const m = Math.max(...logits);
        const ex = logits.map((l) => Math.exp(l - m));
        const z = ex.reduce((s, v) => s + v, 0);
        for (let k = 0; k < c.K; k++) {
          const a = (ex[k] / z) * gate;
          aSum[k] += a;
          for (let f = 0; f < Fp; f++) vlad[f][k] += a * e[t][g * Fp + f];
        }
      }
    }
    const flat: number[] = new Array(Fp * c.K);
    for (let k = 0; k < c.K; k++) {
      let ss = 0;
      const col = Array.from({ length: Fp }, (_, f) => vlad[f][k] - aSum[k] * w.clusterCentres[f][k]);
      col.forEach((v) => (ss += v * v));
      const inv = 1 / Math.sqrt(Math.max(ss, 1e-12));
      col.forEach((v, f) => (flat[f * c.K + k] = v * inv));
    }
    return Array.from({ length: c.O }, (_, o) => w.outBias[o] + flat.reduce((s, v, i) => s + v * w.outKernel[i][o], 0));
  });
}
