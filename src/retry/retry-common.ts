/**
 * What the retry and wait strategies share: which errors retry, and checking their config up
 * front so a bad value fails where it is written, not at the first failing step.
 */
import { durationToSeconds, type Duration } from './duration.js';
import { JitterStrategy, type RandomSource } from './jitter.js';

/**
 * An error class that `retryableErrorTypes` matches with `instanceof`.
 *
 * @example
 * ```ts
 * const types: ErrorClass[] = [TypeError, class Throttled extends Error {}];
 * ```
 */
export type ErrorClass = new () => Error;

/**
 * Hidden knobs of the strategy factories, for tests: the random source of the jitter.
 *
 * @example
 * ```ts
 * createRetryStrategy({ jitter: JitterStrategy.FULL }, { random: () => 0.5 });
 * ```
 */
export interface StrategyInternals {
  random?: RandomSource;
}

/**
 * Normalised filters: neither given means every error retries; one given means the other is
 * empty (so `retryableErrorTypes: [X]` alone retries only `X`).
 *
 * @example
 * ```ts
 * resolveRetryableErrors(undefined, [TypeError]); // { retryableErrors: [], retryableErrorTypes: [TypeError] }
 * ```
 */
export function resolveRetryableErrors(
  retryableErrors: (string | RegExp)[] | undefined,
  retryableErrorTypes: ErrorClass[] | undefined,
): { retryableErrors: (string | RegExp)[]; retryableErrorTypes: ErrorClass[] } {
  const neither = retryableErrors === undefined && retryableErrorTypes === undefined;
  return {
    retryableErrors: retryableErrors ?? (neither ? [/.*/] : []),
    retryableErrorTypes: retryableErrorTypes ?? [],
  };
}

/**
 * True when the message contains a string pattern or matches a RegExp, or the error is an
 * instance of one of the types.
 *
 * @example
 * ```ts
 * isErrorRetryable(new Error('HTTP 503'), ['503'], []); // true
 * ```
 */
export function isErrorRetryable(error: Error, retryableErrors: (string | RegExp)[], retryableErrorTypes: ErrorClass[]): boolean {
  const message = typeof error?.message === 'string' ? error.message : '';
  const byMessage = retryableErrors.some((pattern) => {
    if (pattern instanceof RegExp) {
      pattern.lastIndex = 0; // a /g or /y pattern is stateful; every check starts fresh
      return pattern.test(message);
    }
    return message.includes(pattern);
  });
  return byMessage || retryableErrorTypes.some((type) => error instanceof type);
}

/**
 * Throws a `RangeError` naming the option unless `value` is at least `min` (Infinity allowed).
 *
 * @example
 * ```ts
 * requireNumberAtLeast('createRetryStrategy', 'maxAttempts', 3, 1);
 * ```
 */
export function requireNumberAtLeast(factory: string, option: string, value: number, min: number): void {
  if (typeof value !== 'number' || Number.isNaN(value) || value < min) {
    throw new RangeError(`${factory}: ${option} must be a number >= ${min}, got ${String(value)}`);
  }
}

/**
 * Seconds of a config duration, or a `RangeError` naming the option if it is not a finite,
 * non-negative duration.
 *
 * @example
 * ```ts
 * requireDurationSeconds('createRetryStrategy', 'maxDelay', { minutes: 5 }); // 300
 * ```
 */
export function requireDurationSeconds(factory: string, option: string, duration: Duration): number {
  const seconds = typeof duration === 'object' && duration !== null ? durationToSeconds(duration) : Number.NaN;
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new RangeError(`${factory}: ${option} must be a duration such as { seconds: 5 }, got ${JSON.stringify(duration)}`);
  }
  return seconds;
}

/**
 * Throws a `TypeError` unless `jitter` is a {@link JitterStrategy} value.
 *
 * @example
 * ```ts
 * requireJitter('createRetryStrategy', JitterStrategy.FULL);
 * ```
 */
export function requireJitter(factory: string, jitter: JitterStrategy): void {
  if (!Object.values(JitterStrategy).includes(jitter)) {
    throw new TypeError(`${factory}: jitter must be JitterStrategy.NONE, FULL or HALF, got ${JSON.stringify(jitter)}`);
  }
}

/**
 * Throws a `TypeError` unless the retry filters are arrays of the right kind.
 *
 * @example
 * ```ts
 * requireFilters('createRetryStrategy', ['timeout'], undefined);
 * ```
 */
export function requireFilters(factory: string, errors: unknown, types: unknown): void {
  if (errors !== undefined && !(Array.isArray(errors) && errors.every((p) => typeof p === 'string' || p instanceof RegExp))) {
    throw new TypeError(`${factory}: retryableErrors must be an array of strings and RegExps`);
  }
  if (types !== undefined && !(Array.isArray(types) && types.every((t) => typeof t === 'function'))) {
    throw new TypeError(`${factory}: retryableErrorTypes must be an array of error classes`);
  }
}
