import { describe, expect, it } from 'vitest';
import { retryPresets } from '../../src/retry/retry-presets.js';

const err = new Error('boom');

describe('retryPresets', () => {
  it('default retries 5 times (6 attempts) with full jitter under 5 s × 2^(n−1) capped at 60 s', () => {
    const caps = [5, 10, 20, 40, 60];
    for (let round = 0; round < 50; round++) {
      caps.forEach((cap, i) => {
        const decision = retryPresets.default(err, i + 1);
        expect(decision.shouldRetry).toBe(true);
        const seconds = (decision.delay as { seconds: number }).seconds;
        expect(seconds).toBeGreaterThanOrEqual(1);
        expect(seconds).toBeLessThanOrEqual(cap);
        expect(Number.isInteger(seconds)).toBe(true);
      });
    }
    expect(retryPresets.default(err, 6)).toEqual({ shouldRetry: false });
  });

  it('linear waits 1, 2, 3, 4, 5 s without jitter, then stops', () => {
    expect([1, 2, 3, 4, 5].map((n) => retryPresets.linear(err, n).delay)).toEqual([
      { seconds: 1 },
      { seconds: 2 },
      { seconds: 3 },
      { seconds: 4 },
      { seconds: 5 },
    ]);
    expect(retryPresets.linear(err, 6)).toEqual({ shouldRetry: false });
  });

  it('noRetry never retries', () => {
    expect(retryPresets.noRetry(err, 1)).toEqual({ shouldRetry: false });
  });
});
