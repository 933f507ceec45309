import { describe, expect, it } from 'vitest';
import { JitterStrategy } from '../../src/retry/jitter.js';
import { createWaitStrategy } from '../../src/retry/wait-strategy.js';

interface Job {
  done: boolean;
}
const pending: Job = { done: false };

describe('createWaitStrategy', () => {
  it('stops as soon as the condition is met, even past maxAttempts', () => {
    const strategy = createWaitStrategy<Job>({ shouldContinuePolling: (s) => !s.done, maxAttempts: 2 });
    expect(strategy({ done: true }, 1)).toEqual({ shouldContinue: false });
    expect(strategy({ done: true }, 99)).toEqual({ shouldContinue: false });
  });

  it('defaults: 5 s growing ×1.5, capped at 300 s, rounded', () => {
    const strategy = createWaitStrategy<Job>({ shouldContinuePolling: (s) => !s.done, jitter: JitterStrategy.NONE });
    expect([1, 2, 3, 4].map((n) => strategy(pending, n))).toEqual([
      { shouldContinue: true, delay: { seconds: 5 } },
      { shouldContinue: true, delay: { seconds: 8 } }, // 7.5 rounds up
      { shouldContinue: true, delay: { seconds: 11 } }, // 11.25
      { shouldContinue: true, delay: { seconds: 17 } }, // 16.875
    ]);
    expect(strategy(pending, 20)).toEqual({ shouldContinue: true, delay: { seconds: 300 } });
  });

  it('throws once attempts reach maxAttempts (default 60)', () => {
    const strategy = createWaitStrategy<Job>({ shouldContinuePolling: () => true, jitter: JitterStrategy.NONE });
    expect(strategy(pending, 59).shouldContinue).toBe(true);
    expect(() => strategy(pending, 60)).toThrow('waitForCondition exceeded maximum attempts (60)');
    const short = createWaitStrategy<Job>({ shouldContinuePolling: () => true, maxAttempts: 3 });
    expect(() => short(pending, 3)).toThrow('waitForCondition exceeded maximum attempts (3)');
  });

  it('applies jitter (default FULL) with a 1 s floor', () => {
    const full = createWaitStrategy<Job>({ shouldContinuePolling: () => true, initialDelay: { seconds: 10 } }, { random: () => 0.5 });
    expect(full(pending, 1)).toEqual({ shouldContinue: true, delay: { seconds: 5 } });
    const zero = createWaitStrategy<Job>({ shouldContinuePolling: () => true }, { random: () => 0 });
    expect(zero(pending, 1)).toEqual({ shouldContinue: true, delay: { seconds: 1 } });
    const half = createWaitStrategy<Job>(
      { shouldContinuePolling: () => true, initialDelay: { seconds: 10 }, jitter: JitterStrategy.HALF },
      { random: () => 0 },
    );
    expect(half(pending, 1)).toEqual({ shouldContinue: true, delay: { seconds: 5 } });
  });

  it('honours maxDelay and backoffRate', () => {
    const strategy = createWaitStrategy<Job>({
      shouldContinuePolling: () => true,
      initialDelay: { seconds: 2 },
      backoffRate: 2,
      maxDelay: { seconds: 6 },
      jitter: JitterStrategy.NONE,
    });
    expect([1, 2, 3].map((n) => strategy(pending, n))).toEqual([
      { shouldContinue: true, delay: { seconds: 2 } },
      { shouldContinue: true, delay: { seconds: 4 } },
      { shouldContinue: true, delay: { seconds: 6 } },
    ]);
  });

  it('rejects a missing predicate and bad options at creation', () => {
    expect(() => createWaitStrategy({} as never)).toThrow(/shouldContinuePolling must be a function/);
    expect(() => createWaitStrategy({ shouldContinuePolling: () => true, maxAttempts: -1 })).toThrow(/maxAttempts/);
    expect(() => createWaitStrategy({ shouldContinuePolling: () => true, jitter: 'x' as JitterStrategy })).toThrow(/jitter/);
  });
});
