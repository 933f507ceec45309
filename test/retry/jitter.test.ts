import { describe, expect, it } from 'vitest';
import { applyJitter, finalizeDelaySeconds, JitterStrategy } from '../../src/retry/jitter.js';

describe('jitter', () => {
  it('has the official enum values', () => {
    expect([JitterStrategy.NONE, JitterStrategy.FULL, JitterStrategy.HALF]).toEqual(['NONE', 'FULL', 'HALF']);
  });

  it('NONE keeps the delay exactly', () => {
    expect(applyJitter(8, JitterStrategy.NONE, () => 0.3)).toBe(8);
  });

  it('FULL spans 0..delay', () => {
    expect(applyJitter(8, JitterStrategy.FULL, () => 0)).toBe(0);
    expect(applyJitter(8, JitterStrategy.FULL, () => 0.5)).toBe(4);
    expect(applyJitter(8, JitterStrategy.FULL, () => 0.999)).toBeCloseTo(7.992);
  });

  it('HALF spans delay/2..delay', () => {
    expect(applyJitter(8, JitterStrategy.HALF, () => 0)).toBe(4);
    expect(applyJitter(8, JitterStrategy.HALF, () => 0.5)).toBe(6);
  });

  it('rejects an unknown strategy clearly', () => {
    expect(() => applyJitter(8, 'SOME' as JitterStrategy)).toThrow(/Unknown jitter strategy "SOME"/);
  });

  it('finalizes to whole seconds with a 1 s floor', () => {
    expect(finalizeDelaySeconds(2.4, JitterStrategy.NONE)).toBe(2);
    expect(finalizeDelaySeconds(2.5, JitterStrategy.NONE)).toBe(3);
    expect(finalizeDelaySeconds(0.3, JitterStrategy.NONE)).toBe(1);
    expect(finalizeDelaySeconds(10, JitterStrategy.FULL, () => 0)).toBe(1);
  });

  it('uses Math.random by default and stays within bounds', () => {
    for (let i = 0; i < 200; i++) {
      const full = finalizeDelaySeconds(10, JitterStrategy.FULL);
      const half = finalizeDelaySeconds(10, JitterStrategy.HALF);
      expect(full).toBeGreaterThanOrEqual(1);
      expect(full).toBeLessThanOrEqual(10);
      expect(half).toBeGreaterThanOrEqual(5);
      expect(half).toBeLessThanOrEqual(10);
    }
  });
});
