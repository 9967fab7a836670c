import { existsSync } from 'fs';
import { resolve } from 'path';
import { DataPrepError } from './errors';
import { parsePairs, readPairs } from './pairs';

const fail = (text: string, opts: Parameters<typeof parsePairs>[1] = {}): DataPrepError => {
  try {
    parsePairs(text, { file: 'label.tsv', ...opts });
  } catch (e) {
    return e as DataPrepError;
  }
  throw new Error('expected an error');
};

// Ids as the official data has them: 19-20 digits, above 2^53.
const A = '6553579468705759758';
const B = '18446744073709551615';
const C = '9007199254740993123';

describe('label.tsv parsing', () => {
  it('strips a leading BOM (UTF-8 written by Windows tools)', () => {
    const r = parsePairs(`\ufeff${A}\t${B}\t0.5\r\n${B}\t${C}\t1\r\n`);
    expect(r.pairs).toEqual([
      { query: A, candidate: B, relevance: 0.5 },
      { query: B, candidate: C, relevance: 1 },
    ]);
  });

  it('names a control byte by line, column and field', () => {
    const e = fail(`${A}\t${B}\t0.5\n${A}\t${B}\x01\t0.5\n`);
    expect(e).toMatchObject({ code: 'BAD_LINE', line: 2, field: 'candidate' });
    expect(e.message).toContain(`column ${A.length + B.length + 2}`);
    expect(e.message).toContain('0x01');
    expect(fail(`${A}\t${B}\t0.5\x00\n`)).toMatchObject({ code: 'BAD_LINE', line: 1, field: 'relevance' });
    expect(fail(`${A}\ufeff\t${B}\t0.5\n`)).toMatchObject({ code: 'BAD_LINE', line: 1, field: 'query' });
  });

  it('accepts only decimal relevances (no hex, no blanks around)', () => {
    expect(fail(`${A}\t${B}\t0x1\n`)).toMatchObject({ code: 'BAD_RELEVANCE', field: 'relevance' });
    expect(fail(`${A}\t${B}\t 1\n`)).toMatchObject({ code: 'BAD_RELEVANCE' });
    expect(parsePairs(`${A}\t${B}\t.95\n${A}\t${C}\t1.0\n`).pairs.map((p) => p.relevance)).toEqual([0.95, 1]);
  });

  it('an empty label file (or only bad lines under skipBad) is an EMPTY_INPUT error', () => {
    expect(fail('')).toMatchObject({ code: 'EMPTY_INPUT', file: 'label.tsv' });
    expect(fail('\ufeff\n\n')).toMatchObject({ code: 'EMPTY_INPUT' });
    expect(fail('x\ty\tz\n', { skipBad: true })).toMatchObject({ code: 'EMPTY_INPUT' });
  });

  it('counts self-pairs, duplicate, reversed and conflicting pairs, with their first lines', () => {
    const text = [
      `${A}\t${B}\t0.5`, // 1
      `${A}\t${A}\t1`, // 2 self
      `${A}\t${B}\t0.5`, // 3 duplicate of 1
      `${B}\t${A}\t0.5`, // 4 reversed of 1
      `${A}\t${B}\t0.9`, // 5 duplicate of 1, other relevance
      `${B}\t${C}\t0`, // 6
    ].join('\n');
    const r = parsePairs(text);
    expect(r.pairs).toHaveLength(6); // kept as they are: the counts say what the labels hold
    expect(r.stats).toEqual({
      selfPairs: { count: 1, lines: [2] },
      duplicatePairs: { count: 2, lines: [3, 5] },
      reversedPairs: { count: 1, lines: [4] },
      conflictingPairs: { count: 1, lines: [5] },
    });
  });

  it('a vid outside the pairwise set is named with the line, and where it is instead', () => {
    const pairwise = new Set([A, B]);
    const sets = { pairwise, test_a: new Set([C]) };
    const e = fail(`${A}\t${B}\t1\n${A}\t${C}\t0.5\n`, {
      knownVids: pairwise,
      knownVidsName: 'pairwise',
      vidSets: sets,
    });
    expect(e).toMatchObject({ code: 'UNKNOWN_VID', line: 2, field: 'candidate' });
    expect(e.message).toContain(`candidate ${C} is not in the pairwise set (it is only in test_a)`);
    const nowhere = fail(`${A}\t42\t1\n`, { knownVids: pairwise, knownVidsName: 'pairwise', vidSets: sets });
    expect(nowhere.message).toContain('candidate 42 is not in the pairwise set (it is in no set)');
    const skipped = parsePairs(`${A}\t${B}\t1\n${A}\t${C}\t0.5\n${C}\t${B}\t0\n`, {
      knownVids: pairwise,
      skipBad: true,
    });
    expect([skipped.pairs.length, skipped.bad.map((b) => [b.line, b.field])]).toEqual([
      1,
      [
        [2, 'candidate'],
        [3, 'query'],
      ],
    ]);
  });
});

const LABELS = resolve(__dirname, '../../../../../shared/data/qq-aiac-2021/pairwise_label.tsv');
(existsSync(LABELS) ? it : it.skip)('the official labels parse with their pair statistics', async () => {
  const r = await readPairs(LABELS);
  expect(r.pairs.length).toBe(67899);
  expect(r.stats.selfPairs.count).toBeGreaterThanOrEqual(0);
  console.log(
    `official labels: ${JSON.stringify(Object.fromEntries(Object.entries(r.stats).map(([k, v]) => [k, v.count])))}`,
  );
});
if (!existsSync(LABELS)) console.warn(`data-prep: ${LABELS} absent, skipping the official-label statistics`);
