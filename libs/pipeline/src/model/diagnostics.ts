import { encodeTags, type Vocab } from '@vidsim/data-prep';
import { LogUniformSampler } from '@vidsim/tag-sampler';
import type { FusionTower, TagTargets } from '@vidsim/fusion-model';
import { Rng } from '@vidsim/core';
import { tf } from '@vidsim/tf-runtime';
import * as fs from 'fs';
import * as path from 'path';
import { sequentialPlans } from '../data/plans';
import type { VideoSet } from '@vidsim/data-prep';

/** What the tag head learnt, on videos the stage did not train on. */
export interface TagDiagnostics {
  /** The configured tag loss on the held-out videos, and the same loss for an all-zero embedding (every tag alike). */
  heldOutLoss: number;
  chanceLoss: number;
  /** heldOutLoss / chanceLoss: 1 learns nothing; well below 1 learns. */
  lossRatio: number;
  /** With a tag bias: the loss of the learnt tag prior alone (an all-zero embedding); else equal to chanceLoss. */
  priorLoss: number;
  /** Share of each video's real tags found among its k highest-scoring tags, averaged over videos with tags. */
  recallAtK: number;
  /** The same for always answering the k tags most frequent in training. */
  frequencyRecallAtK: number;
  k: number;
  videos: number;
}

/**
 * Held-out tag diagnostics from the tower's (uncentred) embeddings of held-out videos: the tower's tag loss against its chance level (an all-zero embedding scores every tag
 * alike, whatever the loss kind; sampled negatives from a fixed seed), and top-k tag recall against the
 * always-most-frequent baseline (frequencies counted on `trainTags`).
 */
export async function tagDiagnostics(
  tower: FusionTower,
  set: VideoSet,
  embeddings: Map<string, Float32Array>,
  tags: Vocab,
  trainTags: readonly (BigInt64Array | null)[],
  options: { maxTags: number; k?: number; batchSize?: number; seed?: number },
): Promise<TagDiagnostics> {
  const rows = [...embeddings.keys()].map((v) => set.row(v));
  const { maxTags, k = 10, batchSize = 64, seed = 1 } = options;
  const c = tower.config;
  const V = c.tagVocabSize;
  const counts = new Float64Array(V);
  for (const t of trainTags) if (t) for (const id of encodeTags(tags, t, maxTags)) if (id >= 2) counts[id]++;
  const frequent = new Set(topK(counts, k, 2));
  const sampler = c.tagLoss === 'softmax' ? new LogUniformSampler({ rangeMax: V - 2, seed }) : undefined;
  let loss = 0,
    chance = 0,
    prior = 0,
    recall = 0,
    frequencyRecall = 0,
    withTags = 0,
    seen = 0;
  for (const plan of sequentialPlans(rows.length, batchSize)) {
    const batchRows = plan.map((i) => rows[i]);
    const B = batchRows.length;
    const positives = new Int32Array(B * maxTags);
    batchRows.forEach((r, i) =>
      positives.set(encodeTags(tags, set.tagIds[r] ?? new BigInt64Array(0), maxTags), i * maxTags),
    );
    const D = c.hiddenSize;
    const flat = new Float32Array(B * D);
    batchRows.forEach((r, i) => flat.set(embeddings.get(set.ids[r])!, i * D));
    const targets: TagTargets = { positives: tf.tensor2d(positives, [B, maxTags], 'int32') };
    if (sampler) targets.negatives = tf.tensor2d(sampler.sampleBatch(B, c.numNegatives), [B, c.numNegatives], 'int32');
    const [l, z, scores, pr] = tf.tidy(() => {
      const emb = tf.tensor2d(flat, [B, D]);
      // chance: an all-zero embedding and no tag bias score every tag alike; the prior: the learnt tag bias alone
      const zero = tf.zerosLike(emb) as tf.Tensor2D;
      return [
        tower.tagLoss(emb, targets),
        tower.tagLoss(zero, targets, { bias: false }),
        tower.tagScores(emb).slice([0, 2], [B, V - 2]),
        tower.tagLoss(zero, targets),
      ];
    });
    loss += (await l.data())[0] * B;
    chance += (await z.data())[0] * B;
    prior += (await pr.data())[0] * B;
    const s = (await scores.data()) as Float32Array;
    tf.dispose([l, z, scores, pr, targets.positives, ...(targets.negatives ? [targets.negatives] : [])]);
    for (let i = 0; i < B; i++) {
      const truth = new Set(Array.from(positives.subarray(i * maxTags, (i + 1) * maxTags)).filter((id) => id >= 2));
      if (!truth.size) continue;
      const top = topK(s.subarray(i * (V - 2), (i + 1) * (V - 2)), k, 0).map((j) => j + 2);
      recall += top.filter((id) => truth.has(id)).length / truth.size;
      frequencyRecall += [...frequent].filter((id) => truth.has(id)).length / truth.size;
      withTags++;
    }
    seen += B;
  }
  return {
    heldOutLoss: loss / seen,
    chanceLoss: chance / seen,
    lossRatio: loss / chance,
    priorLoss: prior / seen,
    recallAtK: recall / Math.max(withTags, 1),
    frequencyRecallAtK: frequencyRecall / Math.max(withTags, 1),
    k,
    videos: withTags,
  };
}

/** How spread out a set of embeddings is. Collapse shows as a mean random-pair cosine near 1 and one dominant direction. */
export interface Anisotropy {
  /** Mean cosine of random pairs of distinct videos. */
  meanRandomCosine: number;
  /** Share of the total variance along the top 1 and top 5 principal directions. */
  topVarianceShare: { top1: number; top5: number };
  /** Length of the mean vector over the mean vector length (1: every vector the same direction). */
  meanNormRatio: number;
  videos: number;
}

export function anisotropy(
  embeddings: readonly ArrayLike<number>[],
  options: { pairs?: number; seed?: number } = {},
): Anisotropy {
  const { pairs = 4000, seed = 7 } = options;
  const n = embeddings.length;
  if (n < 2) throw new Error(`anisotropy needs at least 2 embeddings, got ${n}`);
  const D = embeddings[0].length;
  const rng = new Rng(seed);
  let cosSum = 0;
  for (let p = 0; p < pairs; p++) {
    const i = rng.int(n);
    let j = rng.int(n - 1);
    if (j >= i) j++;
    cosSum += cos(embeddings[i], embeddings[j]);
  }
  const mean = new Float64Array(D);
  let normSum = 0;
  for (const e of embeddings) {
    let s = 0;
    for (let d = 0; d < D; d++) {
      mean[d] += e[d] / n;
      s += e[d] * e[d];
    }
    normSum += Math.sqrt(s) / n;
  }
  const cov = new Float64Array(D * D);
  for (const e of embeddings) {
    for (let a = 0; a < D; a++) {
      const xa = e[a] - mean[a];
      for (let b = a; b < D; b++) cov[a * D + b] += (xa * (e[b] - mean[b])) / n;
    }
  }
  for (let a = 0; a < D; a++) for (let b = 0; b < a; b++) cov[a * D + b] = cov[b * D + a];
  let trace = 0;
  for (let a = 0; a < D; a++) trace += cov[a * D + a];
  const top = topEigenvalues(cov, D, Math.min(5, D));
  const share = (m: number) => (trace > 0 ? top.slice(0, m).reduce((s, v) => s + v, 0) / trace : 0);
  return {
    meanRandomCosine: cosSum / pairs,
    topVarianceShare: { top1: share(1), top5: share(5) },
    meanNormRatio: Math.sqrt(mean.reduce((s, v) => s + v * v, 0)) / Math.max(normSum, 1e-12),
    videos: n,
  };
}

/** Per-dimension mean of a set of embeddings (the embeddingCentre fit). */
export function meanEmbedding(embeddings: readonly ArrayLike<number>[]): Float32Array {
  const D = embeddings[0].length;
  const mean = new Float64Array(D);
  for (const e of embeddings) for (let d = 0; d < D; d++) mean[d] += e[d];
  return Float32Array.from(mean, (v) => v / embeddings.length);
}

function cos(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ab = 0,
    aa = 0,
    bb = 0;
  for (let d = 0; d < a.length; d++) {
    ab += a[d] * b[d];
    aa += a[d] * a[d];
    bb += b[d] * b[d];
  }
  return ab / Math.sqrt(Math.max(aa * bb, 1e-24));
}

/** The top m eigenvalues of a symmetric PSD matrix by power iteration with deflation (m is small). */
function topEigenvalues(a: Float64Array, n: number, m: number): number[] {
  const work = Float64Array.from(a);
  const out: number[] = [];
  const rng = new Rng(11);
  for (let e = 0; e < m; e++) {
    let v = Float64Array.from({ length: n }, () => rng.normal());
    let lambda = 0;
    for (let it = 0; it < 300; it++) {
      const w = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += work[i * n + j] * v[j];
        w[i] = s;
      }
      const norm = Math.sqrt(w.reduce((s, x) => s + x * x, 0));
      if (norm === 0) {
        lambda = 0;
        break;
      }
      const next = norm;
      v = w.map((x) => x / norm);
      if (Math.abs(next - lambda) <= 1e-9 * next) {
        lambda = next;
        break;
      }
      lambda = next;
    }
    out.push(lambda);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) work[i * n + j] -= lambda * v[i] * v[j];
  }
  return out;
}

/** Indices of the k largest values of xs[from..] (ties: lower index first), returned as indices into xs. */
function topK(xs: ArrayLike<number>, k: number, from: number): number[] {
  const idx: number[] = [];
  for (let i = from; i < xs.length; i++) {
    if (idx.length < k) {
      idx.push(i);
      idx.sort((p, q) => xs[q] - xs[p] || p - q);
      continue;
    }
    if (xs[i] > xs[idx[k - 1]]) {
      idx[k - 1] = i;
      idx.sort((p, q) => xs[q] - xs[p] || p - q);
    }
  }
  return idx;
}

/** Mean training loss over the last `steps` logged steps of a stage (its metrics.jsonl): the end of training, less noisy than one step. */
export function recentTrainLoss(stageDir: string, steps: number): number {
  // read line by line, skipping a line a killed run left torn: a diagnostic must not fail the stage
  const file = path.join(stageDir, 'metrics.jsonl');
  const records = fs.existsSync(file)
    ? fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((l) => {
          try {
            return l ? [JSON.parse(l) as Record<string, unknown>] : [];
          } catch {
            return [];
          }
        })
    : [];
  const losses = records.filter((r) => typeof r.loss === 'number').map((r) => r.loss as number);
  const tail = losses.slice(-Math.max(1, steps));
  return tail.length ? tail.reduce((s, v) => s + v, 0) / tail.length : NaN;
}
