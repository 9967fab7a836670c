import * as fs from 'fs';
import * as path from 'path';
import { loadPretrainedBert, type BertModel } from '@vidsim/bert';
import { loadTensors, saveVariables, tf } from '@vidsim/tf-runtime';
import type { FusionConfig } from './config';
import { FusionModelError } from './errors';
import { FusionTower } from './tower';

/**
 * Every variable of the tower under a stable name (BERT by its Hugging Face name, the rest by position, plus the
 * Dice BatchNorm moving statistics), so checkpoints and stage outputs load into a freshly built tower.
 */
export function towerVariables(tower: FusionTower): Record<string, tf.Variable> {
  const out: Record<string, tf.Variable> = {};
  for (const [name, v] of tower.bert.weights.entries()) out[`bert/${name}`] = v;
  tower
    .trainableVariables()
    .head.forEach((v, i) => (out[`head/${String(i).padStart(3, '0')}_${v.shape.join('x')}`] = v));
  (tower.fusion.dice?.nonTrainableWeights ?? []).forEach((w, i) => (out[`state/dice_${i}`] = w.read() as tf.Variable));
  for (const [name, v] of Object.entries(tower.stateVariables())) out[`state/${name}`] = v;
  return out;
}

/** Saves every tower variable (safetensors, written atomically) with the tower's config in the metadata. */
export async function saveTower(file: string, tower: FusionTower): Promise<void> {
  await saveVariables(file, towerVariables(tower), { config: JSON.stringify(tower.config) });
}

/** Loads saved tower weights into `tower`; every variable must be present with its shape. */
export async function loadTowerInto(file: string, tower: FusionTower): Promise<void> {
  if (!fs.existsSync(file)) throw new FusionModelError(`tower weights not found: ${file}`, 'BAD_WEIGHTS', { file });
  const saved = await loadTensors(file);
  try {
    for (const [name, v] of Object.entries(towerVariables(tower))) {
      const t = saved[name];
      if (!t)
        throw new FusionModelError(
          `${file}: no variable '${name}' (was it saved with another model config?)`,
          'BAD_WEIGHTS',
          { file, field: name },
        );
      if (!tf.util.arraysEqual(t.shape, v.shape)) {
        throw new FusionModelError(
          `${file}: '${name}' is [${t.shape}] in the file, [${v.shape}] in the model`,
          'BAD_WEIGHTS',
          { file, field: name },
        );
      }
      v.assign(t);
    }
  } finally {
    tf.dispose(Object.values(saved));
  }
}

/** The pretrain stage's outputs: a Hugging Face BERT folder and the vision Dense kernel. */
export const PRETRAIN_FILES = { bertDir: 'bert', visionDense: 'vision_dense.safetensors' } as const;

/**
 * Builds the tower for pointwise training: BERT and the vision Dense kernel from the pretrain stage when it ran.
 * The Dense bias is left at zero, as the reference's `mt.load_dense` does (reference-solution.md §4).
 */
export async function buildTowerFromPretrain(
  config: FusionConfig,
  pretrainDir: string | undefined,
  wordVectors?: Float32Array,
): Promise<FusionTower> {
  let bert: BertModel | undefined;
  if (pretrainDir)
    bert = (await loadPretrainedBert(path.join(pretrainDir, PRETRAIN_FILES.bertDir), { allowUnexpected: true })).bert;
  const tower = new FusionTower(config, { bert, wordVectors });
  if (pretrainDir) {
    const file = path.join(pretrainDir, PRETRAIN_FILES.visionDense);
    const dense = await loadTensors(file);
    try {
      const [kernel] = tower.visionDense.getWeights();
      if (!tf.util.arraysEqual(kernel.shape, dense.kernel.shape)) {
        throw new FusionModelError(
          `vision dense kernel is [${dense.kernel.shape}] in the pretrain output, [${kernel.shape}] in the tower`,
          'BAD_WEIGHTS',
          { file, field: 'kernel' },
        );
      }
      tower.visionDense.setWeights([dense.kernel, tf.zerosLike(dense.bias)]);
    } finally {
      tf.dispose(Object.values(dense));
    }
  }
  return tower;
}
