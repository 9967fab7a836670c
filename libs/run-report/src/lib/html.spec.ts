import { fmtWall } from './html';

describe('fmtWall', () => {
  it('gives seconds below a minute, then m:ss and h:mm:ss', () => {
    expect([
      fmtWall(0.42),
      fmtWall(42.26),
      fmtWall(59.96),
      fmtWall(60),
      fmtWall(187),
      fmtWall(3725),
      fmtWall(undefined),
      fmtWall(NaN),
    ]).toEqual(['0.4 s', '42.3 s', '60.0 s', '1:00', '3:07', '1:02:05', '—', '—']);
  });
});
