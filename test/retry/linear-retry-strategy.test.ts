import { describe, expect, it } from 'vitest';
import { JitterStrategy } from '../../src/retry/jitter.js';
import { createLinearRetryStrategy } from '../../src/retry/linear-retry-strategy.js';

const err = new Error('boom');

describe('createLinearRetryStrategy', () => {
  it('defaults: 6 attempts, 1 s + 1 s per attempt', () => {
    const strategy = createLinearRetryStrategy({ jitter: JitterStrategy.NONE });
    expect([1, 2, 3, 4, 5, 6].map((n) => strategy(err, n))).toEqual([
      { shouldRetry: true, delay: { seconds: 1 } },
      { shouldRetry: true, delay: { seconds: 2 } },
      { shouldRetry: true, delay: { seconds: 3 } },
      { shouldRetry: true, delay: { seconds: 4 } },
      { shouldRetry: true, delay: { seconds: 5 } },
      { shouldRetry: false },
    ]);
  });

  it('grows by increment and caps at maxDelay', () => {
    const strategy = createLinearRetryStrategy({
      maxAttempts: 10,
      initialDelay: { seconds: 10 },
      increment: { seconds: 20 },
      maxDelay: { seconds: 45 },
      jitter: JitterStrategy.NONE,
    });
    expect([1, 2, 3, 4].map((n) => strategy(err, n).delay)).toEqual([{ seconds: 10 }, { seconds: 30 }, { seconds: 45 }, { seconds: 45 }]);
  });

  it('default jitter is FULL, and the floor is 1 s', () => {
    const strategy = createLinearRetryStrategy({ initialDelay: { seconds: 10 } }, { random: () => 0.25 });
    expect(strategy(err, 1).delay).toEqual({ seconds: 3 }); // round(2.5)
    const tiny = createLinearRetryStrategy({}, { random: () => 0 });
    expect(tiny(err, 1).delay).toEqual({ seconds: 1 });
  });

  it('uses the same error filters as the exponential strategy', () => {
    class Busy extends Error {}
    const strategy = createLinearRetryStrategy({ retryableErrorTypes: [Busy] });
    expect(strategy(new Busy('b'), 1).shouldRetry).toBe(true);
    expect(strategy(new Error('b'), 1)).toEqual({ shouldRetry: false });
    const byMessage = createLinearRetryStrategy({ retryableErrors: [/throttl/i] });
    expect(byMessage(new Error('Throttled'), 1).shouldRetry).toBe(true);
    expect(byMessage(new Busy('x'), 1).shouldRetry).toBe(false);
  });

  it('rejects bad options at creation', () => {
    expect(() => createLinearRetryStrategy({ increment: { seconds: -1 } })).toThrow(/createLinearRetryStrategy: increment/);
    expect(() => createLinearRetryStrategy({ maxAttempts: 0.5 })).toThrow(/maxAttempts/);
  });
});
