import * as path from 'path';
import { openStore } from '@vidsim/data-prep';
import { JiebaSegmenter, WordVocab } from '@vidsim/tokenizer';
import { alignToWordVocab, buildW2vCorpus, trainWord2Vec, w2vSentence } from '@vidsim/word2vec';
import { float32ToSafeTensor, writeSafetensors } from '@vidsim/tf-runtime';
import { MODEL2, TINY } from '@vidsim/fusion-model';
import type { StageContext } from './context';
import { FEATURE_FILES, storeDir } from './data-sources';

/**
 * The word features of the reference (§1.2): jieba words of titles and ASR over every set give the word vocab
 * (200 reserved ids, UNK 200, words by frequency from 201); skip-gram word2vec over `[CLS] title [SEP] asr [SEP]`
 * sentences gives the vectors the words branch starts from, aligned to the vocab.
 */
export async function runFeatures(ctx: StageContext): Promise<void> {
  const t0 = Date.now();
  ctx.artifacts.requireStage('prepare', 'features');
  const out = await ctx.artifacts.resetStage('features', false);
  const store = await openStore(storeDir(ctx));
  const segmenter = new JiebaSegmenter();
  const sentences: string[][] = [];
  const texts: string[] = [];
  for (const set of store.setNames) {
    for await (const b of store.table(set).batches(1024, { columns: ['id', 'title', 'asr_text'] })) {
      b.titles!.forEach((title, i) => {
        const asr = b.asrTexts![i];
        texts.push(title, asr);
        sentences.push(w2vSentence(segmenter.cut(title), segmenter.cut(asr)));
      });
    }
  }
  const vocab = WordVocab.build(texts, segmenter);
  vocab.save(path.join(out, FEATURE_FILES.wordVocab));
  ctx.log(`[features] word vocab: ${vocab.size} ids over ${sentences.length} videos`);

  const dim =
    ctx.config.model.overrides.wordDim ?? (ctx.config.model.preset === 'tiny' ? TINY.wordDim : MODEL2.wordDim);
  const f = ctx.config.features;
  const w2vStart = Date.now();
  // no line per epoch: the closing line gives the time, and a terminal user sees the stage is alive from its start
  const model = trainWord2Vec(buildW2vCorpus(sentences, 1), {
    dim,
    window: f.w2vWindow,
    epochs: f.w2vEpochs,
    negative: f.w2vNegative,
    seed: ctx.config.seed,
  });
  const vectors = alignToWordVocab(model, vocab, ctx.config.seed);
  await writeSafetensors(path.join(out, FEATURE_FILES.wordVectors), {
    tensors: new Map([['vectors', float32ToSafeTensor(vectors, [vocab.size, dim])]]),
  });
  const w2vSeconds = (Date.now() - w2vStart) / 1000;
  ctx.log(`[features] word2vec ${dim}-d over ${model.words.length} words in ${w2vSeconds.toFixed(1)} s`);
  await ctx.artifacts.completeStage('features', {
    seconds: (Date.now() - t0) / 1000,
    backend: ctx.backend.name,
    config: ctx.config.features,
    results: { wordVocabSize: vocab.size, wordDim: dim, videos: sentences.length, w2vSeconds },
  });
}
