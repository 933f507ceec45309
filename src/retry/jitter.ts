/**
 * Jitter: spreading retry delays so that many failing executions do not retry in lockstep.
 */

/**
 * How a computed delay is randomised.
 *
 * @example
 * ```ts
 * createRetryStrategy({ jitter: JitterStrategy.HALF });
 * ```
 */
export enum JitterStrategy {
  /** Exactly the computed delay. */
  NONE = 'NONE',
  /** Uniformly between 0 and the computed delay. */
  FULL = 'FULL',
  /** Uniformly between half the computed delay and the computed delay. */
  HALF = 'HALF',
}

/**
 * A source of uniform numbers in `[0, 1)`; `Math.random` unless a test injects its own.
 *
 * @example
 * ```ts
 * const alwaysMax: RandomSource = () => 0.999999;
 * ```
 */
export type RandomSource = () => number;

/**
 * Applies `jitter` to `delaySeconds`, then rounds to whole seconds with a floor of 1 s
 * (the service schedules retries in whole seconds, and 0 would mean "retry now" in a loop).
 *
 * @example
 * ```ts
 * finalizeDelaySeconds(10, JitterStrategy.NONE);            // 10
 * finalizeDelaySeconds(10, JitterStrategy.HALF, () => 0);   // 5
 * finalizeDelaySeconds(0.2, JitterStrategy.NONE);           // 1
 * ```
 */
export function finalizeDelaySeconds(delaySeconds: number, jitter: JitterStrategy, random: RandomSource = Math.random): number {
  return Math.max(1, Math.round(applyJitter(delaySeconds, jitter, random)));
}

/**
 * The jittered delay before rounding.
 *
 * @example
 * ```ts
 * applyJitter(8, JitterStrategy.FULL, () => 0.5); // 4
 * ```
 */
export function applyJitter(delaySeconds: number, jitter: JitterStrategy, random: RandomSource = Math.random): number {
  switch (jitter) {
    case JitterStrategy.FULL:
      return random() * delaySeconds;
    case JitterStrategy.HALF:
      return delaySeconds / 2 + random() * (delaySeconds / 2);
    case JitterStrategy.NONE:
      return delaySeconds;
    default:
      throw new TypeError(`Unknown jitter strategy ${JSON.stringify(jitter)}: use JitterStrategy.NONE, FULL or HALF`);
  }
}
