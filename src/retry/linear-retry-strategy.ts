/**
 * Linear-backoff retry strategy for steps (official SDK 2.4).
 */
import type { Duration } from './duration.js';
import { finalizeDelaySeconds, JitterStrategy } from './jitter.js';
import {
  isErrorRetryable,
  requireDurationSeconds,
  requireFilters,
  requireJitter,
  requireNumberAtLeast,
  resolveRetryableErrors,
  type ErrorClass,
  type StrategyInternals,
} from './retry-common.js';
import type { RetryDecision } from './retry-strategy.js';

/**
 * Options of {@link createLinearRetryStrategy}.
 *
 * @example
 * ```ts
 * const config: LinearRetryStrategyConfig = { maxAttempts: 4, increment: { seconds: 10 } };
 * ```
 */
export interface LinearRetryStrategyConfig {
  /** Total attempts including the first. Default 6. */
  maxAttempts?: number;
  /** Delay before the first retry. Default 1 s. */
  initialDelay?: Duration;
  /** Added per further retry. Default 1 s. */
  increment?: Duration;
  /** Cap on the computed delay (before jitter). Default 5 min. */
  maxDelay?: Duration;
  /** Default {@link JitterStrategy.FULL}. */
  jitter?: JitterStrategy;
  /** Message patterns that retry: substring for strings, `test` for RegExps. */
  retryableErrors?: (string | RegExp)[];
  /** Error classes that retry (`instanceof`). */
  retryableErrorTypes?: ErrorClass[];
}

const FACTORY = 'createLinearRetryStrategy';

/**
 * Builds a retry strategy with linear backoff:
 * delay = min(initialDelay + increment × (attempt−1), maxDelay), jittered, rounded, at least 1 s.
 * Filters and stopping work as in {@link createRetryStrategy}.
 *
 * @example
 * ```ts
 * await context.step('poll', poll, {
 *   retryStrategy: createLinearRetryStrategy({ initialDelay: { seconds: 10 }, increment: { seconds: 10 } }),
 * });
 * ```
 */
export function createLinearRetryStrategy(
  config: LinearRetryStrategyConfig = {},
  internals: StrategyInternals = {},
): (error: Error, attemptsMade: number) => RetryDecision {
  const maxAttempts = config.maxAttempts ?? 6;
  const jitter = config.jitter ?? JitterStrategy.FULL;
  requireNumberAtLeast(FACTORY, 'maxAttempts', maxAttempts, 1);
  requireJitter(FACTORY, jitter);
  requireFilters(FACTORY, config.retryableErrors, config.retryableErrorTypes);
  const initialSeconds = requireDurationSeconds(FACTORY, 'initialDelay', config.initialDelay ?? { seconds: 1 });
  const incrementSeconds = requireDurationSeconds(FACTORY, 'increment', config.increment ?? { seconds: 1 });
  const maxSeconds = requireDurationSeconds(FACTORY, 'maxDelay', config.maxDelay ?? { minutes: 5 });
  const filters = resolveRetryableErrors(config.retryableErrors, config.retryableErrorTypes);

  return (error, attemptsMade) => {
    if (attemptsMade >= maxAttempts) return { shouldRetry: false };
    if (!isErrorRetryable(error, filters.retryableErrors, filters.retryableErrorTypes)) return { shouldRetry: false };
    const base = Math.min(initialSeconds + incrementSeconds * (attemptsMade - 1), maxSeconds);
    return { shouldRetry: true, delay: { seconds: finalizeDelaySeconds(base, jitter, internals.random) } };
  };
}
