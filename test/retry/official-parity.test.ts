/**
 * Differential check against the installed official SDK: with jitter off (and with the same
 * random draw for FULL/HALF), both produce the same decisions for the same inputs.
 */
import * as official from '@aws/durable-execution-sdk-js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { JitterStrategy } from '../../src/retry/jitter.js';
import { createLinearRetryStrategy } from '../../src/retry/linear-retry-strategy.js';
import { retryPresets } from '../../src/retry/retry-presets.js';
import { createRetryStrategy, type RetryStrategyConfig } from '../../src/retry/retry-strategy.js';
import { createWaitStrategy } from '../../src/retry/wait-strategy.js';

class Busy extends Error {}
const errors = [new Error('HTTP 503'), new Error('bad input'), new Busy('busy'), new TypeError('x')];
const attempts = [1, 2, 3, 4, 5, 6, 7, 9];

const configs: RetryStrategyConfig[] = [
  {},
  { maxAttempts: 7, initialDelay: { seconds: 3 }, backoffRate: 3, maxDelay: { minutes: 1 } },
  { retryableErrors: ['503'] },
  { retryableErrorTypes: [Busy] },
  { retryableErrors: [/^bad/], retryableErrorTypes: [Busy], initialDelay: { seconds: 0.4 }, backoffRate: 1.7 },
];

describe('parity with @aws/durable-execution-sdk-js', () => {
  afterEach(() => vi.restoreAllMocks());

  it.each(configs.flatMap((c) => [JitterStrategy.NONE, JitterStrategy.FULL, JitterStrategy.HALF].map((j) => [c, j] as const)))(
    'createRetryStrategy(%o, jitter %s) decides like the official one',
    (config, jitter) => {
      // Same draw for both: the official SDK reads Math.random, ours the injected source.
      vi.spyOn(Math, 'random').mockReturnValue(0.37);
      const ours = createRetryStrategy({ ...config, jitter }, { random: () => 0.37 });
      const theirs = official.createRetryStrategy({ ...config, jitter: jitter });
      for (const error of errors) for (const n of attempts) expect(ours(error, n)).toEqual(theirs(error, n));
    },
  );

  it('createLinearRetryStrategy decides like the official one', () => {
    const config = { maxAttempts: 8, initialDelay: { seconds: 2 }, increment: { seconds: 7 }, maxDelay: { seconds: 30 } };
    const ours = createLinearRetryStrategy({ ...config, jitter: JitterStrategy.NONE });
    const theirs = official.createLinearRetryStrategy({ ...config, jitter: 'NONE' as official.JitterStrategy });
    for (const error of errors) for (const n of attempts) expect(ours(error, n)).toEqual(theirs(error, n));
  });

  it('retryPresets.linear and noRetry match', () => {
    for (const n of attempts) {
      expect(retryPresets.linear(errors[0]!, n)).toEqual(official.retryPresets.linear(errors[0]!, n));
      expect(retryPresets.noRetry(errors[0]!, n)).toEqual(official.retryPresets.noRetry(errors[0]!, n));
    }
  });

  it('createWaitStrategy decides (and gives up) like the official one', () => {
    const config = { shouldContinuePolling: (s: number) => s < 10, maxAttempts: 6, initialDelay: { seconds: 2 } };
    const ours = createWaitStrategy({ ...config, jitter: JitterStrategy.NONE });
    const theirs = official.createWaitStrategy({ ...config, jitter: 'NONE' as official.JitterStrategy });
    for (const state of [3, 12]) {
      for (const n of [1, 2, 3, 4, 5]) expect(ours(state, n)).toEqual(theirs(state, n));
    }
    expect(() => ours(3, 6)).toThrow(new Error('waitForCondition exceeded maximum attempts (6)'));
    expect(() => theirs(3, 6)).toThrow(new Error('waitForCondition exceeded maximum attempts (6)'));
  });

  it('JitterStrategy values are the same strings', () => {
    expect(Object.values(JitterStrategy).sort()).toEqual(Object.values(official.JitterStrategy).sort());
  });
});
