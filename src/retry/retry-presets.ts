/**
 * Ready-made retry strategies.
 */
import { JitterStrategy } from './jitter.js';
import { createLinearRetryStrategy } from './linear-retry-strategy.js';
import { createRetryStrategy } from './retry-strategy.js';

/**
 * Ready-made strategies:
 * - `default`: 6 attempts, exponential from 5 s doubling, capped at 60 s, full jitter (what a
 *   step uses when it has no `retryStrategy`);
 * - `linear`: 6 attempts, 1, 2, 3, 4, 5 s, no jitter;
 * - `noRetry`: a single attempt.
 *
 * @example
 * ```ts
 * await context.step('charge', charge, { retryStrategy: retryPresets.noRetry });
 * ```
 */
export const retryPresets = {
  default: createRetryStrategy({
    maxAttempts: 6,
    initialDelay: { seconds: 5 },
    maxDelay: { seconds: 60 },
    backoffRate: 2,
    jitter: JitterStrategy.FULL,
  }),
  linear: createLinearRetryStrategy({
    maxAttempts: 6,
    initialDelay: { seconds: 1 },
    increment: { seconds: 1 },
    jitter: JitterStrategy.NONE,
  }),
  noRetry: createRetryStrategy({ maxAttempts: 1 }),
};
