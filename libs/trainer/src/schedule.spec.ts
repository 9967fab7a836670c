import { warmupPolynomialDecay } from './schedule';

// Expected values worked out by hand from Keras' PolynomialDecay formula:
// lr(s) = (lr0 - end) * (1 - s / D')^1 + end with D' = D + 1 (no cycle: s capped at D'), D' = (D+1)·ceil(s/(D+1)) (cycle).
describe('warmupPolynomialDecay', () => {
  it('warms up linearly over 10% of the decay span, then decays linearly to endLr', () => {
    const lr = warmupPolynomialDecay({ lr: 1e-3, totalSteps: 100, endLr: 0 });
    expect(lr(0)).toBe(0);
    expect(lr(5)).toBeCloseTo(5e-4, 12); // 10 warmup steps
    expect(lr(10)).toBeCloseTo(1e-3 * (1 - 10 / 101), 12);
    expect(lr(100)).toBeCloseTo(1e-3 * (1 / 101), 12);
    expect(lr(500)).toBe(0); // past the span the rate stays at endLr
  });

  it('reproduces the pointwise sawtooth (decay over one epoch, cycle on): peaks lr0, lr0/2, ...', () => {
    const end = 1e-7;
    const lr = warmupPolynomialDecay({ lr: 5e-4, totalSteps: 500, decaySteps: 99, cycle: true, endLr: end });
    // span 100: step 150 lies in the second cycle, D' = 200
    expect(lr(150)).toBeCloseTo((5e-4 - end) * (1 - 150 / 200) + end, 15);
    // just after a cycle boundary the rate jumps to about lr0 / k
    expect(lr(101)).toBeCloseTo((5e-4 - end) * (1 - 101 / 200) + end, 15);
    expect(lr(201)).toBeCloseTo((5e-4 - end) * (1 - 201 / 300) + end, 15);
    expect(lr(100)).toBeCloseTo(end, 15);
  });

  it('rejects a schedule that cannot run', () => {
    expect(() => warmupPolynomialDecay({ lr: 0, totalSteps: 10 })).toThrow('schedule needs lr > 0');
    // issue 14 item 3, at depth: a negative endLr used to drive the rate below zero, a proportion of 5 to warm up forever
    expect(() => warmupPolynomialDecay({ lr: 1e-3, totalSteps: 10, endLr: -1 })).toThrow(
      'schedule needs 0 <= endLr <= lr (0.001); got endLr=-1',
    );
    expect(() => warmupPolynomialDecay({ lr: 1e-3, totalSteps: 10, endLr: 0.1 })).toThrow(
      'schedule needs 0 <= endLr <= lr',
    );
    expect(() => warmupPolynomialDecay({ lr: 1e-3, totalSteps: 10, warmupProportion: 5 })).toThrow(
      'schedule needs warmupProportion in [0, 1]; got 5',
    );
  });
});
