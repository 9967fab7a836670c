export { Word2VecError, type Word2VecErrorCode } from './lib/errors';
export { buildW2vCorpus, w2vSentence, type W2vCorpus } from './lib/w2v-corpus';
export {
  trainWord2Vec,
  alignToWordVocab,
  learningRate,
  keepProbability,
  unigramTable,
  WORD2VEC_DEFAULTS,
  WORD2VEC_TINY,
  type Word2VecConfig,
  type Word2VecModel,
  type Word2VecProgress,
} from './lib/word2vec';
