export { RunReportError } from './lib/errors';
export type { RunReportErrorCode } from './lib/errors';
export { buildRunReport, renderRunReport, writeRunReport } from './lib/report';
export { reportMain, parseReportArgs, USAGE as REPORT_USAGE, type ReportArgs } from './lib/report-args';
export type { ReportOptions } from './lib/report';
export {
  readRunArtifacts,
  parseMetrics,
  parseEmbeddings,
  parsePredictions,
  parseRelevances,
} from './lib/read-artifacts';
export type { RunReadout, StageArtifacts, MetricLine, PredictionRow, EmbeddingRow } from './lib/read-artifacts';
export { pca2 } from './lib/pca';
export type { Pca2Result } from './lib/pca';
export { renderSvg, loadVega } from './lib/vega-render';
export type { VlSpec } from './lib/vega-render';
