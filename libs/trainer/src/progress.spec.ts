import { formatDuration, Progress } from './progress';

function recorder(isTTY: boolean) {
  const lines: string[] = [];
  return { isTTY, lines, write: (t: string) => lines.push(t) };
}

describe('Progress', () => {
  it('leaves the warm-up step out of the ETA: 10 s first step, then 1 s a step over 100 steps', () => {
    const sink = recorder(false);
    let t = 0;
    const p = new Progress('pointwise', 100, 200, 0, sink, () => t);
    // step 1 ends after 10 s of warm-up; each later step takes 1 s
    for (let step = 1; step <= 100; step++) {
      t = step === 1 ? 10_000 : 10_000 + (step - 1) * 1000;
      p.update(step, 32, { loss: 1 });
    }
    // at step 20 (the first printed line): 19 steps in 19 s since the first, 80 left -> 80 s, not the 180 s that
    // counting the warm-up would give
    expect(sink.lines[0]).toMatch(/^\[pointwise\] #{4}\.{16} 20\/100 {2}loss 1\.0000 {2}32\.0 ex\/s {2}ETA 1m20s\n$/);
    expect(sink.lines).toHaveLength(5); // one line per fifth, the last one the closing
    expect(sink.lines[4]).toContain('100/100');
    expect(sink.lines[4]).toContain('in 1m39s');
  });

  it('shows ? until three steps have followed the first, and redraws in place on a terminal', () => {
    const sink = recorder(true);
    let t = 0;
    const p = new Progress('pairwise-3', 50, 200, 0, sink, () => t);
    t = 5000;
    p.update(1, 16, {});
    t = 5300;
    p.update(2, 16, {});
    t = 5600;
    p.update(3, 16, {});
    t = 5900;
    p.update(4, 16, {});
    expect(sink.lines.map((l) => /ETA ([^\s\x1b]+)/.exec(l)?.[1])).toEqual(['?', '?', '?', '14s']); // 46 steps x 0.3 s
    expect(sink.lines.every((l) => l.startsWith('\r[pairwise-3] '))).toBe(true);
  });

  it('formats durations', () => {
    expect([formatDuration(42.4), formatDuration(187), formatDuration(3900), formatDuration(NaN)]).toEqual([
      '42s',
      '3m07s',
      '1h05m',
      '?',
    ]);
  });
});
