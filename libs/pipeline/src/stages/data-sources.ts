import * as fs from 'fs';
import * as path from 'path';
import { readPairs, Vocab, type Fold, type Pair } from '@vidsim/data-prep';
import { WordVocab } from '@vidsim/tokenizer';
import { loadTensors, tf } from '@vidsim/tf-runtime';
import { RUN_FILES } from '@vidsim/run-layout';
import { TitleFeaturizer } from '../data/text-features';
import { PipelineError } from '../artifacts';
import type { StageContext } from './context';

export const FEATURE_FILES = { wordVocab: 'word_vocab.tsv', wordVectors: 'word_vectors.safetensors' } as const;

export function storeDir(ctx: StageContext): string {
  return ctx.artifacts.dir('prepare');
}

export function loadTagVocab(ctx: StageContext): Vocab {
  const file = path.join(storeDir(ctx), 'vocab', 'tags.tsv');
  return Vocab.fromTsv(fs.readFileSync(file, 'utf8'), file);
}

export function loadWordVocab(ctx: StageContext): WordVocab {
  return WordVocab.load(path.join(ctx.artifacts.dir('features'), FEATURE_FILES.wordVocab));
}

export async function loadWordVectors(ctx: StageContext): Promise<Float32Array> {
  const t = await loadTensors(path.join(ctx.artifacts.dir('features'), FEATURE_FILES.wordVectors));
  const values = (await t.vectors.data()) as Float32Array;
  tf.dispose(Object.values(t));
  return values;
}

export function titleFeaturizer(ctx: StageContext, withWords = true): TitleFeaturizer {
  return new TitleFeaturizer(ctx.config.features, withWords ? loadWordVocab(ctx) : undefined);
}

export async function loadPairs(ctx: StageContext): Promise<Pair[]> {
  const file = path.join(storeDir(ctx), RUN_FILES.pairs);
  if (!fs.existsSync(file))
    throw new PipelineError(`${file} is missing: the corpus has no pairwise/label.tsv`, 'MISSING_INPUT');
  return (await readPairs(file)).pairs;
}

export function loadFolds(ctx: StageContext): Fold[] {
  const file = path.join(storeDir(ctx), RUN_FILES.foldsDir, `${ctx.config.prepare.foldScheme}.json`);
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { folds: Fold[] }).folds;
}
