export { DataPrepError, ioError } from './lib/errors';
export type { DataPrepErrorCode, DataPrepErrorContext } from './lib/errors';
// The TFRecord and tf.train.Example codec lives in @vidsim/tfrecord; re-exported here for this lib's users.
export {
  TfRecordError,
  maskedCrc32c,
  TfRecordWriter,
  readTfRecords,
  DEFAULT_MAX_RECORD_BYTES,
  findRecordBoundary,
  InputFile,
  DIRECT_AUTO_MIN_BYTES,
  encodeExample,
  decodeExample,
} from '@vidsim/tfrecord';
export type { DirectIo, ReadTfRecordsOptions, TfRecord, Feature, TfRecordErrorCode } from '@vidsim/tfrecord';
export { encodeOfficialExample, decodeOfficialExample, FRAME_DIM } from './lib/official';
export type { OfficialVideo } from './lib/official';
export { MAX_FRAMES, frameIndices, packFrames } from './lib/frames';
export type { FrameSelection } from './lib/frames';
export { storeSchema, STORE_MANIFEST, STORE_VERSION } from './lib/store-schema';
export type { SkippedRecord, StoreManifest, StoreSetInfo } from './lib/store-schema';
export { StoreSetWriter, MAX_TITLE_BYTES, MAX_ASR_BYTES, truncateUtf8 } from './lib/store-writer';
export type { StoreSetWriterOptions, ShardInfo, TextTruncation } from './lib/store-writer';
export { openStore, Store, StoreTable } from './lib/store-reader';
export { VideoSet } from './lib/video-set';
export { FrameSource, type RowLocation } from './lib/frame-source';
export type { BatchOptions, StoreBatch, StoreColumn } from './lib/store-reader';
export { ingestTfRecords, checkOutputOutsideInputs, MAX_LISTED_DUPLICATES } from './lib/ingest';
export { writeStoreFile } from './lib/ingest-resume';
export type { TruncatedText } from './lib/ingest-unit';
export type { IngestOptions, IngestProgress, IngestSummary } from './lib/ingest';
export { Vocab, encodeTags, categoryVocabs, PAD_ID, UNK_ID } from './lib/vocab';
export { parsePairs, readPairs, MAX_LISTED_LINES } from './lib/pairs';
export type { Pair, PairCount, PairStats, ParsePairsOptions, ParsedPairs } from './lib/pairs';
export { strictHashFolds, componentFolds, idModFolds, pairComponents, pairHashGroup, fnv1a64 } from './lib/folds';
export type { Fold, FoldReport } from './lib/folds';
