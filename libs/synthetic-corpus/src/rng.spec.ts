import { CorpusRng } from './rng';

describe('CorpusRng', () => {
  it('keeps the stream of the corpus generator it replaced (values from the former copy: a seed still fixes the corpus)', () => {
    const r = new CorpusRng(7, 2 ** 40 + 3);
    expect([r.uint32(), r.uint32(), r.uint32()]).toEqual([821964836, 3676932028, 1760561787]);
    expect([r.normal(), r.normal(), r.normal()]).toEqual([-0.8790213191430761, 1.9573637395091867, 1.0208633571574046]);
  });

  it('weighted and poisson draw with the right means', () => {
    const r = new CorpusRng(1);
    let hits = 0;
    let sum = 0;
    for (let i = 0; i < 10000; i++) {
      if (r.weighted([1, 3]) === 1) hits++;
      sum += r.poisson(2);
    }
    expect(Math.abs(hits - 7500)).toBeLessThan(4 * Math.sqrt(10000 * 0.75 * 0.25));
    expect(Math.abs(sum / 10000 - 2)).toBeLessThan(4 * Math.sqrt(2 / 10000));
  });
});
