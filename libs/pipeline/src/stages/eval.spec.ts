import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readOutOfFold } from './eval';

// Fold files as the pairwise stage writes them; vids above 2^53 as strings.
const V = (i: number) => String(9_007_199_254_740_993n + BigInt(i));

describe("out-of-fold scoring from the folds' valid_predictions.tsv", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vidsim-oof-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (fold: number, rows: [number, number, number, number][]) => {
    fs.mkdirSync(path.join(dir, `pairwise-${fold}`), { recursive: true });
    fs.writeFileSync(
      path.join(dir, `pairwise-${fold}`, 'valid_predictions.tsv'),
      'query\tcandidate\trelevance\tcosine\n' +
        rows.map(([q, c, r, x]) => `${V(q)}\t${V(c)}\t${r}\t${x}`).join('\n') +
        '\n',
    );
  };
  const dirOf = (stage: string) => path.join(dir, stage);

  it('pools every fold into one Spearman: cosines 0.1..0.5 vs labels ranked 1,3,2,5,4 -> 1 - 6*4/(5*24) = 0.8', () => {
    write(0, [
      [1, 2, 0, 0.1],
      [3, 4, 0.5, 0.2],
      [5, 6, 0.2, 0.3],
    ]);
    write(1, [
      [7, 8, 1, 0.4],
      [9, 10, 0.9, 0.5],
    ]);
    // the pointwise model ranks the pairs in label order: Spearman 1, so fine-tuning lost 0.2
    const pointwise = new Map(
      [
        [1, 0.1],
        [3, 0.3],
        [5, 0.2],
        [7, 0.5],
        [9, 0.4],
      ].map(([q, v]) => [`${V(q)}\t${V(q + 1)}`, v]),
    );
    const o = readOutOfFold(dirOf, [0, 1, 2], 20, pointwise, 200)!;
    expect(o.pairs).toBe(5);
    expect(o.labelledPairs).toBe(20);
    expect(o.folds).toEqual([0, 1]); // fold 2 has no file: not run
    expect(o.spearman.spearman).toBeCloseTo(0.8, 12);
    expect(o.pointwise!.spearman).toBeCloseTo(1, 12);
    expect(o.gain!.spearman).toBeCloseTo(-0.2, 12);
    expect(o.spearman.low).toBeLessThanOrEqual(0.8);
  });

  it('names the file and line of a malformed row', () => {
    fs.appendFileSync(path.join(dir, 'pairwise-1', 'valid_predictions.tsv'), `${V(11)}\t${V(12)}\tx\t0.3\n`);
    expect(() => readOutOfFold(dirOf, [0, 1], 20, new Map(), 50)).toThrow(
      /pairwise-1.valid_predictions\.tsv: line 4 is not/,
    );
  });
});
