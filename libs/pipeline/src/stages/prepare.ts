import { existsSync, promises as fsp } from 'fs';
import { join, relative } from 'path';
import {
  categoryVocabs,
  checkOutputOutsideInputs,
  componentFolds,
  DataPrepError,
  idModFolds,
  ingestTfRecords,
  ioError,
  readPairs,
  strictHashFolds,
  Vocab,
  writeStoreFile,
  type Fold,
  type IngestSummary,
  type Pair,
  type PairStats,
} from '@vidsim/data-prep';
import { RUN_FILES } from '@vidsim/run-layout';
import type { PrepareArgs } from './prepare-args';
import { ProgressBar } from './prepare-progress';
import type { StageContext } from './context';

export interface InputFile {
  path: string;
  size: number;
  mtimeMs: number;
}

/** Finds the sets (sub-folders with *.tfrecords) and the label file under the official data root. */
export async function discoverInputs(input: string): Promise<{ sets: Record<string, string[]>; labels?: string }> {
  if (!existsSync(input)) throw new DataPrepError('IO', 'input folder does not exist', { file: input });
  const sets: Record<string, string[]> = {};
  const list = (d: string) =>
    fsp.readdir(d).catch((e) => {
      throw ioError(e, d, 'cannot list a data folder');
    });
  const dirs = await fsp.readdir(input, { withFileTypes: true }).catch((e) => {
    throw ioError(e, input, 'cannot list the input folder');
  });
  for (const d of dirs
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()) {
    const files = (await list(join(input, d))).filter((f) => /\.tfrecords?$/.test(f)).sort(naturalCmp);
    if (files.length > 0) sets[d] = files.map((f) => join(input, d, f));
  }
  if (Object.keys(sets).length === 0)
    throw new DataPrepError('IO', 'no sub-folder holds *.tfrecords files', {
      file: input,
      hint: 'expected pointwise/, pairwise/, test_a/ ...',
    });
  const labels = [join(input, 'pairwise', 'label.tsv'), join(input, 'label.tsv')].find((p) => existsSync(p));
  return { sets, labels };
}

function naturalCmp(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

/** The cache key: file list, sizes and mtimes (never the 50 GB of contents) plus the options that change outputs. */
export async function buildManifest(input: string, files: string[], args: PrepareArgs): Promise<object> {
  const inputs: InputFile[] = [];
  for (const f of files) {
    const st = await fsp.stat(f);
    inputs.push({ path: relative(input, f), size: st.size, mtimeMs: Math.round(st.mtimeMs) });
  }
  return {
    version: 1,
    inputs,
    options: { skipBad: args.skipBad, subsample: args.subsample, shardRows: args.shardRows, numFolds: args.numFolds },
  };
}

export interface PrepareResult {
  upToDate: boolean;
  summaryText: string;
}

export async function prepare(args: PrepareArgs): Promise<PrepareResult> {
  const { sets, labels } = await discoverInputs(args.input);
  const allFiles = [...Object.values(sets).flat(), ...(labels ? [labels] : [])];
  await checkOutputOutsideInputs(allFiles, args.out); // before anything is written or removed
  const manifest = await buildManifest(args.input, allFiles, args);
  const manifestPath = join(args.out, 'manifest.json');
  if (!args.force && existsSync(join(args.out, 'store.json')) && existsSync(manifestPath)) {
    if ((await fsp.readFile(manifestPath, 'utf8')) === JSON.stringify(manifest, null, 2)) {
      return { upToDate: true, summaryText: `up to date: ${manifestPath} matches the inputs (use --force to rebuild)` };
    }
  }
  await fsp
    .mkdir(args.out, { recursive: true })
    .then(() => fsp.rm(manifestPath, { force: true }))
    .catch((e) => {
      throw ioError(e, args.out, 'cannot prepare the output folder');
    });

  const bar = new ProgressBar('prepare');
  const t0 = Date.now();
  const ingest = await ingestTfRecords({
    sets,
    outDir: args.out,
    skipBad: args.skipBad,
    shardRows: args.shardRows,
    frameSelection: args.subsample ? 'uniform' : 'first',
    workers: args.workers,
    directIo: args.directIo,
    resume: !args.force,
    onProgress: (p) => bar.update(p.records, p.bytes, p.totalBytes, p.set),
  });
  bar.update(ingest.records, ingest.bytes, ingest.bytes, 'done', true);
  bar.done();
  const seconds = (Date.now() - t0) / 1000;

  const tags = Vocab.fromCounts(ingest.tagCounts);
  const cats = categoryVocabs(ingest.categoryCounts);
  await writeAtomic(join(args.out, 'vocab', 'tags.tsv'), tags.toTsv());
  await writeAtomic(join(args.out, 'vocab', 'category_level1.tsv'), cats.level1.toTsv());
  await writeAtomic(join(args.out, 'vocab', 'category_full.tsv'), cats.full.toTsv());

  const lines: string[] = [];
  const out = {
    ingest: ingestSummary(ingest, seconds),
    vocab: { tags: tags.size, categoryLevel1: cats.level1.size, categoryFull: cats.full.size },
    pairs: undefined as undefined | object,
    folds: {} as Record<string, object[]>,
  };
  if (labels) {
    // Pairwise training looks every vid up in the pairwise set: a vid only in a test set (or nowhere) must stop here.
    if (!ingest.ids.pairwise)
      throw new DataPrepError('BAD_OPTION', 'label pairs found but no pairwise/ set to check them against', {
        file: labels,
      });
    const vidSets = Object.fromEntries(Object.entries(ingest.ids).map(([s, ids]) => [s, new Set(ids)]));
    const parsed = await readPairs(labels, {
      knownVids: vidSets.pairwise,
      knownVidsName: 'pairwise',
      vidSets,
      skipBad: args.skipBad,
    });
    parsed.bad.forEach((e) =>
      ingest.bad.push({ code: e.code, file: e.file, offset: e.line, field: e.field, message: e.message }),
    );
    await writeAtomic(
      join(args.out, 'pairs.tsv'),
      parsed.pairs.map((p) => `${p.query}\t${p.candidate}\t${p.relevance}\n`).join(''),
    );
    out.pairs = { pairs: parsed.pairs.length, vids: parsed.vids.length, bad: parsed.bad.length, stats: parsed.stats };
    lines.push(`  label pairs: ${pairStatsLine(parsed.stats)} (kept as they are)`);
    const schemes: Record<string, (p: Pair[], n: number) => Fold[]> = {
      strict: strictHashFolds,
      component: componentFolds,
      idmod: idModFolds,
    };
    for (const [name, build] of Object.entries(schemes)) {
      const folds = build(parsed.pairs, args.numFolds);
      await writeAtomic(
        join(args.out, 'folds', `${name}.json`),
        JSON.stringify({ scheme: name, pairsFile: 'pairs.tsv', folds }),
      );
      out.folds[name] = folds.map((f) => ({ fold: f.fold, ...f.report }));
      const shared = folds.reduce((n, f) => n + f.report.validVidsInTrain, 0);
      lines.push(
        `  folds ${name}: valid/train pairs ${folds.map((f) => `${f.report.validPairs}/${f.report.trainPairs}`).join(' ')}; ${shared} valid vids also in train`,
      );
    }
  } else {
    lines.push('  no label.tsv found: pairs and folds skipped');
  }
  await writeAtomic(join(args.out, 'summary.json'), JSON.stringify(out, null, 2));
  await writeAtomic(manifestPath, JSON.stringify(manifest, null, 2));

  const threads =
    (ingest.workers > 1 ? `${ingest.workers} worker threads, ${ingest.units} file pieces` : 'one thread') +
    (ingest.unitsReused > 0 ? `, ${ingest.unitsReused} of ${ingest.units} pieces kept from an interrupted run` : '');
  const head = [
    `prepared ${args.out} in ${seconds.toFixed(1)} s (${(ingest.bytes / 1e6 / Math.max(seconds, 1e-3)).toFixed(1)} MB/s, ${threads})`,
  ];
  const ingested = Object.entries(ingest.sets);
  const total = (key: 'shards' | 'bad') => ingested.reduce((n, [, r]) => n + r[key], 0);
  head.push(
    `  videos: ${ingested.map(([s, r]) => `${s} ${r.rows}`).join(', ')} in ${total('shards')} shards; ${total('bad')} bad records skipped`,
  );
  head.push(
    `  vocab: ${tags.size} tag ids, ${cats.level1.size} level-1 and ${cats.full.size} full category ids (PAD=0, UNK=1 included)`,
  );
  if (labels)
    head.push(
      `  pairs: ${(out.pairs as { pairs: number }).pairs} over ${(out.pairs as { vids: number }).vids} videos, ${(out.pairs as { bad: number }).bad} bad lines`,
    );
  if (ingest.duplicateIds > 0)
    head.push(
      `  warning: ${ingest.duplicateIds} rows repeat an id of their set (the store keeps them; a lookup by id takes the last)`,
    );
  for (const d of ingest.duplicates.slice(0, 5))
    head.push(`  duplicate id ${d.id} in set ${d.set}: rows ${d.rows.join(', ')} (the last row wins)`);
  if (ingest.truncatedTexts.length > 0)
    head.push(`  warning: ${ingest.truncatedTexts.length} over-long texts cut to their limit`);
  for (const t of ingest.truncatedTexts.slice(0, 5))
    head.push(`  ${t.field} of ${t.id} cut from ${t.bytes} to its limit (${t.file}, offset ${t.offset})`);
  for (const [s, info] of Object.entries(ingest.sets)) {
    if (info.bad > 0)
      head.push(`  warning: set ${s} lacks ${info.bad} skipped videos (listed in store.json under sets.${s}.skipped)`);
  }
  for (const b of ingest.bad.slice(0, 5)) head.push(`  skipped: ${b.message}`);
  return { upToDate: false, summaryText: [...head, ...lines].join('\n') };
}

function ingestSummary(s: IngestSummary, seconds: number): object {
  return {
    sets: s.sets,
    records: s.records,
    bytes: s.bytes,
    seconds,
    workers: s.workers,
    units: s.units,
    unitsReused: s.unitsReused,
    bad: s.bad,
    duplicateIds: s.duplicateIds,
    duplicates: s.duplicates,
    truncatedTexts: s.truncatedTexts,
  };
}

function pairStatsLine(s: PairStats): string {
  const at = (c: { count: number; lines: number[] }) =>
    c.count > 0
      ? ` (line${c.lines.length > 1 ? 's' : ''} ${c.lines.slice(0, 5).join(', ')}${c.count > 5 ? ', ...' : ''})`
      : '';
  return (
    `${s.selfPairs.count} self-pairs${at(s.selfPairs)}, ${s.duplicatePairs.count} duplicate${at(s.duplicatePairs)}, ` +
    `${s.reversedPairs.count} reversed${at(s.reversedPairs)}, ${s.conflictingPairs.count} conflicting${at(s.conflictingPairs)}`
  );
}

async function writeAtomic(path: string, text: string): Promise<void> {
  await writeStoreFile(path, text, 'cannot write a prepare output');
}

/** Machine-specific prepare options from the command line (they never change the output). */
export interface PrepareRunOptions {
  workers?: number | 'auto';
  directIo?: PrepareArgs['directIo'];
  /** Rebuild from scratch (Nx passes it: it reruns the stage only when its hash, the code included, changed). */
  force?: boolean;
}

/**
 * The prepare stage: the run's corpus (official files at corpus.dir, or the synthetic corpus) to the Arrow store,
 * vocabs, pairs and folds under artifacts/<run>/prepare, configured by the run's `prepare` section, completing
 * with stage.json like every stage. An up-to-date store (same inputs and options, see `manifest.json`) is kept.
 */
export async function runPrepare(ctx: StageContext, options: PrepareRunOptions = {}): Promise<void> {
  const t0 = Date.now();
  const p = ctx.config.prepare;
  if (ctx.config.corpus.source === 'synthetic') ctx.artifacts.requireStage('corpus', 'prepare');
  const out = ctx.artifacts.dir('prepare');
  await fsp.rm(ctx.artifacts.stageFile('prepare'), { force: true });
  const r = await prepare({
    input: ctx.artifacts.corpusDir(),
    out,
    skipBad: p.skipBad,
    subsample: p.subsample,
    shardRows: p.shardRows,
    numFolds: p.numFolds,
    workers: options.workers ?? 'auto',
    directIo: options.directIo ?? 'auto',
    force: options.force ?? false,
  });
  ctx.log(
    r.summaryText
      .split('\n')
      .map((l) => `[prepare] ${l.trim()}`)
      .join('\n'),
  );
  const summary = JSON.parse(await fsp.readFile(join(out, RUN_FILES.summary), 'utf8')) as Record<string, unknown>;
  await ctx.artifacts.completeStage('prepare', {
    seconds: (Date.now() - t0) / 1000,
    backend: 'none',
    config: p,
    results: { upToDate: r.upToDate, numFolds: p.numFolds, ...summary },
  });
}
