import { describe, expect, it } from 'vitest';
import { JitterStrategy } from '../../src/retry/jitter.js';
import { createRetryStrategy } from '../../src/retry/retry-strategy.js';
import { StepInterruptedError } from '../../src/errors.js';

const err = new Error('boom');
const delays = (strategy: (e: Error, n: number) => { shouldRetry: boolean; delay?: unknown }, n: number) =>
  Array.from({ length: n }, (_, i) => strategy(err, i + 1));

class ThrottledError extends Error {}
class SubThrottledError extends ThrottledError {}

describe('createRetryStrategy', () => {
  it('defaults: 3 attempts, 5 s doubling (NONE jitter to observe)', () => {
    const strategy = createRetryStrategy({ jitter: JitterStrategy.NONE });
    expect(delays(strategy, 3)).toEqual([
      { shouldRetry: true, delay: { seconds: 5 } },
      { shouldRetry: true, delay: { seconds: 10 } },
      { shouldRetry: false },
    ]);
  });

  it('default jitter is FULL', () => {
    const strategy = createRetryStrategy({}, { random: () => 0.5 });
    expect(strategy(err, 1)).toEqual({ shouldRetry: true, delay: { seconds: 3 } }); // round(2.5)
    expect(strategy(err, 2)).toEqual({ shouldRetry: true, delay: { seconds: 5 } });
  });

  it('grows by backoffRate and caps at maxDelay', () => {
    const strategy = createRetryStrategy({
      maxAttempts: 8,
      initialDelay: { seconds: 3 },
      backoffRate: 3,
      maxDelay: { minutes: 1 },
      jitter: JitterStrategy.NONE,
    });
    expect(delays(strategy, 8).map((d) => d.delay)).toEqual([
      { seconds: 3 },
      { seconds: 9 },
      { seconds: 27 },
      { seconds: 60 },
      { seconds: 60 },
      { seconds: 60 },
      { seconds: 60 },
      undefined,
    ]);
  });

  it('default maxDelay is 5 minutes', () => {
    const strategy = createRetryStrategy({ maxAttempts: 20, initialDelay: { minutes: 4 }, jitter: JitterStrategy.NONE });
    expect(strategy(err, 2)).toEqual({ shouldRetry: true, delay: { seconds: 300 } });
  });

  it('rounds and never goes below 1 s', () => {
    const strategy = createRetryStrategy({ initialDelay: { seconds: 0.2 }, backoffRate: 2.6, maxAttempts: 5, jitter: JitterStrategy.NONE });
    expect(delays(strategy, 4).map((d) => d.delay)).toEqual([{ seconds: 1 }, { seconds: 1 }, { seconds: 1 }, { seconds: 4 }]);
    const zero = createRetryStrategy({ initialDelay: { seconds: 0 }, jitter: JitterStrategy.NONE });
    expect(zero(err, 1)).toEqual({ shouldRetry: true, delay: { seconds: 1 } });
  });

  it('applies HALF jitter with the injected random source', () => {
    const strategy = createRetryStrategy({ initialDelay: { seconds: 10 }, jitter: JitterStrategy.HALF }, { random: () => 0 });
    expect(strategy(err, 1).delay).toEqual({ seconds: 5 });
  });

  it('stops when attemptsMade >= maxAttempts', () => {
    const strategy = createRetryStrategy({ maxAttempts: 2, jitter: JitterStrategy.NONE });
    expect(strategy(err, 1).shouldRetry).toBe(true);
    expect(strategy(err, 2)).toEqual({ shouldRetry: false });
    expect(strategy(err, 7)).toEqual({ shouldRetry: false });
  });

  it('retries every error when no filter is given', () => {
    const strategy = createRetryStrategy();
    expect(strategy(new TypeError('anything'), 1).shouldRetry).toBe(true);
    expect(strategy(new StepInterruptedError('1'), 1).shouldRetry).toBe(true);
  });

  it('retryableErrors matches substrings and RegExps', () => {
    const strategy = createRetryStrategy({ retryableErrors: ['ECONNRESET', /^HTTP 5\d\d$/] });
    expect(strategy(new Error('read ECONNRESET here'), 1).shouldRetry).toBe(true);
    expect(strategy(new Error('HTTP 503'), 1).shouldRetry).toBe(true);
    expect(strategy(new Error('HTTP 404'), 1)).toEqual({ shouldRetry: false });
    expect(strategy(new Error('econnreset'), 1)).toEqual({ shouldRetry: false });
  });

  it('a global RegExp matches every time (no lastIndex carry-over)', () => {
    const strategy = createRetryStrategy({ retryableErrors: [/timeout/g] });
    expect(strategy(new Error('timeout'), 1).shouldRetry).toBe(true);
    expect(strategy(new Error('timeout'), 1).shouldRetry).toBe(true);
  });

  it('retryableErrorTypes matches with instanceof, and then messages no longer match', () => {
    const strategy = createRetryStrategy({ retryableErrorTypes: [ThrottledError] });
    expect(strategy(new ThrottledError('slow down'), 1).shouldRetry).toBe(true);
    expect(strategy(new SubThrottledError('slow down'), 1).shouldRetry).toBe(true);
    expect(strategy(new Error('slow down'), 1)).toEqual({ shouldRetry: false });
  });

  it('with only retryableErrors given, no type matches', () => {
    const strategy = createRetryStrategy({ retryableErrors: ['x'] });
    expect(strategy(new ThrottledError('y'), 1)).toEqual({ shouldRetry: false });
  });

  it('either filter matching is enough', () => {
    const strategy = createRetryStrategy({ retryableErrors: ['net'], retryableErrorTypes: [ThrottledError] });
    expect(strategy(new Error('net down'), 1).shouldRetry).toBe(true);
    expect(strategy(new ThrottledError('other'), 1).shouldRetry).toBe(true);
    expect(strategy(new Error('other'), 1).shouldRetry).toBe(false);
  });

  it('empty filters retry nothing', () => {
    const strategy = createRetryStrategy({ retryableErrors: [], retryableErrorTypes: [] });
    expect(strategy(err, 1)).toEqual({ shouldRetry: false });
  });

  it('explicit undefined options take the defaults', () => {
    const strategy = createRetryStrategy({ maxAttempts: undefined, jitter: JitterStrategy.NONE });
    expect(strategy(err, 3)).toEqual({ shouldRetry: false });
  });

  it('rejects bad options at creation with a message naming the option', () => {
    expect(() => createRetryStrategy({ maxAttempts: 0 })).toThrow(/maxAttempts must be a number >= 1, got 0/);
    expect(() => createRetryStrategy({ maxAttempts: Number.NaN })).toThrow(/maxAttempts/);
    expect(() => createRetryStrategy({ backoffRate: -1 })).toThrow(/backoffRate/);
    expect(() => createRetryStrategy({ initialDelay: { seconds: -5 } })).toThrow(/initialDelay must be a duration/);
    expect(() => createRetryStrategy({ maxDelay: { seconds: Number.POSITIVE_INFINITY } })).toThrow(/maxDelay/);
    expect(() => createRetryStrategy({ jitter: 'RANDOM' as JitterStrategy })).toThrow(/jitter must be/);
    expect(() => createRetryStrategy({ retryableErrors: [42 as unknown as string] })).toThrow(/retryableErrors must be/);
    expect(() => createRetryStrategy({ retryableErrorTypes: ['TypeError' as unknown as typeof Error] })).toThrow(
      /retryableErrorTypes must be/,
    );
  });
});
