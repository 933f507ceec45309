/**
 * Polling strategy for `waitForCondition`.
 */
import type { Duration } from './duration.js';
import { finalizeDelaySeconds, JitterStrategy } from './jitter.js';
import { requireDurationSeconds, requireJitter, requireNumberAtLeast, type StrategyInternals } from './retry-common.js';

/**
 * A wait strategy's answer: stop, or poll again after `delay`.
 *
 * @example
 * ```ts
 * const next: WaitForConditionDecision = { shouldContinue: true, delay: { seconds: 10 } };
 * ```
 */
export type WaitForConditionDecision = { shouldContinue: true; delay: Duration } | { shouldContinue: false };

/**
 * Options of {@link createWaitStrategy}.
 *
 * @example
 * ```ts
 * const config: WaitStrategyConfig<{ status: string }> = { shouldContinuePolling: (s) => s.status !== 'DONE' };
 * ```
 */
export interface WaitStrategyConfig<T> {
  /** Polls allowed before giving up with an error. Default 60. */
  maxAttempts?: number;
  /** Delay after the first check. Default 5 s. */
  initialDelay?: Duration;
  /** Cap on the computed delay (before jitter). Default 300 s. */
  maxDelay?: Duration;
  /** Growth factor per poll. Default 1.5. */
  backoffRate?: number;
  /** Default {@link JitterStrategy.FULL}. */
  jitter?: JitterStrategy;
  /** True while the condition is not met yet. */
  shouldContinuePolling: (result: T) => boolean;
  /** Accepted for compatibility; not used (as in the official SDK). */
  timeoutSeconds?: number;
}

const FACTORY = 'createWaitStrategy';

/**
 * Builds a `waitForCondition` strategy: stops when `shouldContinuePolling` says so; otherwise
 * throws `waitForCondition exceeded maximum attempts (N)` once `attemptsMade >= maxAttempts`, or
 * polls again after min(initialDelay × backoffRate^(attempt−1), maxDelay), jittered, rounded,
 * at least 1 s.
 *
 * @example
 * ```ts
 * const job = await context.waitForCondition('job-done', (s) => fetchJob(s.id), {
 *   initialState: { id: 'j-1', status: 'PENDING' },
 *   waitStrategy: createWaitStrategy({ shouldContinuePolling: (s) => s.status === 'PENDING', maxAttempts: 20 }),
 * });
 * ```
 */
export function createWaitStrategy<T>(
  config: WaitStrategyConfig<T>,
  internals: StrategyInternals = {},
): (result: T, attemptsMade: number) => WaitForConditionDecision {
  if (typeof config?.shouldContinuePolling !== 'function') {
    throw new TypeError(`${FACTORY}: shouldContinuePolling must be a function (state) => boolean`);
  }
  const maxAttempts = config.maxAttempts ?? 60;
  const backoffRate = config.backoffRate ?? 1.5;
  const jitter = config.jitter ?? JitterStrategy.FULL;
  requireNumberAtLeast(FACTORY, 'maxAttempts', maxAttempts, 1);
  requireNumberAtLeast(FACTORY, 'backoffRate', backoffRate, 0);
  requireJitter(FACTORY, jitter);
  const initialSeconds = requireDurationSeconds(FACTORY, 'initialDelay', config.initialDelay ?? { seconds: 5 });
  const maxSeconds = requireDurationSeconds(FACTORY, 'maxDelay', config.maxDelay ?? { seconds: 300 });
  const { shouldContinuePolling } = config;

  return (result, attemptsMade) => {
    if (!shouldContinuePolling(result)) return { shouldContinue: false };
    if (attemptsMade >= maxAttempts) {
      throw new Error(`waitForCondition exceeded maximum attempts (${maxAttempts})`);
    }
    const base = Math.min(initialSeconds * backoffRate ** (attemptsMade - 1), maxSeconds);
    return { shouldContinue: true, delay: { seconds: finalizeDelaySeconds(base, jitter, internals.random) } };
  };
}
