import { initTf, tf } from '@vidsim/tf-runtime';
import { clipByGlobalNorm } from './clip';
import { GroupedAdam } from './grouped-adam';

describe('clipByGlobalNorm', () => {
  beforeAll(() => initTf({ backend: 'cpu' }));

  it('scales by clip / global norm when the norm is larger (3-4-12 triangle: norm 13)', async () => {
    const a = tf.tensor1d([3, 4]);
    const b = tf.tensor1d([12]);
    const { clipped, norm } = clipByGlobalNorm([a, b], 1);
    expect(norm).toBeCloseTo(13, 5);
    const [x, y] = await clipped[0].data();
    expect(x).toBeCloseTo(3 / 13, 6);
    expect(y).toBeCloseTo(4 / 13, 6);
    expect((await clipped[1].data())[0]).toBeCloseTo(12 / 13, 6);
    tf.dispose([a, b, ...clipped]);
  });

  it('leaves gradients below the threshold unchanged', async () => {
    const a = tf.tensor1d([0.3, 0.4]);
    const { clipped, norm } = clipByGlobalNorm([a], 1);
    expect(norm).toBeCloseTo(0.5, 6);
    expect(Array.from(await clipped[0].data())).toEqual(Array.from(await a.data()));
    tf.dispose([a, ...clipped]);
  });
});

describe('GroupedAdam clipNorm', () => {
  beforeAll(() => initTf({ backend: 'cpu' }));

  it('refuses a negative norm, which used to switch clipping off silently (issue 14 item 3)', () => {
    const v = tf.variable(tf.zeros([2]), true, 'clip-spec-v');
    expect(() => new GroupedAdam([{ name: 'head', variables: [v], schedule: () => 1e-3, clipNorm: -1 }])).toThrow(
      "group 'head': clipNorm must be a finite number >= 0 (0 turns clipping off), got -1",
    );
    expect(() =>
      new GroupedAdam([{ name: 'head', variables: [v], schedule: () => 1e-3, clipNorm: 0 }]).dispose(),
    ).not.toThrow();
    v.dispose();
  });
});
