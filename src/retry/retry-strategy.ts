/**
 * Exponential-backoff retry strategy for steps.
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

/**
 * A retry strategy's answer. A retry without `delay` waits 1 second.
 *
 * @example
 * ```ts
 * const decision: RetryDecision = { shouldRetry: true, delay: { seconds: 30 } };
 * ```
 */
export interface RetryDecision {
  /** Whether the step runs again. */
  shouldRetry: boolean;
  /** How long to wait first; only read when `shouldRetry` is true. */
  delay?: Duration;
}

/**
 * Options of {@link createRetryStrategy}.
 *
 * @example
 * ```ts
 * const config: RetryStrategyConfig = { maxAttempts: 5, retryableErrors: [/timeout/i] };
 * ```
 */
export interface RetryStrategyConfig {
  /** Total attempts including the first. Default 3. */
  maxAttempts?: number;
  /** Delay before the first retry. Default 5 s. */
  initialDelay?: Duration;
  /** Cap on the computed delay (before jitter). Default 5 min. */
  maxDelay?: Duration;
  /** Growth factor per attempt. Default 2. */
  backoffRate?: number;
  /** Default {@link JitterStrategy.FULL}. */
  jitter?: JitterStrategy;
  /** Message patterns that retry: substring for strings, `test` for RegExps. */
  retryableErrors?: (string | RegExp)[];
  /** Error classes that retry (`instanceof`). */
  retryableErrorTypes?: ErrorClass[];
}

const FACTORY = 'createRetryStrategy';

/**
 * Builds a retry strategy with exponential backoff:
 * delay = min(initialDelay × backoffRate^(attempt−1), maxDelay), jittered, rounded, at least 1 s.
 * It stops once `attemptsMade >= maxAttempts` or when the error matches no filter. Invalid
 * options throw here, at creation.
 *
 * @example
 * ```ts
 * await context.step('call-api', callApi, {
 *   retryStrategy: createRetryStrategy({ maxAttempts: 5, initialDelay: { seconds: 2 }, retryableErrors: ['ECONNRESET'] }),
 * });
 * ```
 */
export function createRetryStrategy(
  config: RetryStrategyConfig = {},
  internals: StrategyInternals = {},
): (error: Error, attemptsMade: number) => RetryDecision {
  // `??` rather than object spread: an explicit `undefined` option means "the default".
  const maxAttempts = config.maxAttempts ?? 3;
  const backoffRate = config.backoffRate ?? 2;
  const jitter = config.jitter ?? JitterStrategy.FULL;
  requireNumberAtLeast(FACTORY, 'maxAttempts', maxAttempts, 1);
  requireNumberAtLeast(FACTORY, 'backoffRate', backoffRate, 0);
  requireJitter(FACTORY, jitter);
  requireFilters(FACTORY, config.retryableErrors, config.retryableErrorTypes);
  const initialSeconds = requireDurationSeconds(FACTORY, 'initialDelay', config.initialDelay ?? { seconds: 5 });
  const maxSeconds = requireDurationSeconds(FACTORY, 'maxDelay', config.maxDelay ?? { minutes: 5 });
  const filters = resolveRetryableErrors(config.retryableErrors, config.retryableErrorTypes);

  return (error, attemptsMade) => {
    if (attemptsMade >= maxAttempts) return { shouldRetry: false };
    if (!isErrorRetryable(error, filters.retryableErrors, filters.retryableErrorTypes)) return { shouldRetry: false };
    const base = Math.min(initialSeconds * backoffRate ** (attemptsMade - 1), maxSeconds);
    return { shouldRetry: true, delay: { seconds: finalizeDelaySeconds(base, jitter, internals.random) } };
  };
}
