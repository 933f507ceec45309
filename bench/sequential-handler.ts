/** The sequential-steps workflow shared by scenarios 1 and 2 (and the harness test). */
import type { BenchHandler } from './adapters.js';

/** A handler of `count` sequential steps returning the sum of their results. */
export const sequentialStepsHandler =
  (count: number): BenchHandler =>
  async (_event, context) => {
    let sum = 0;
    for (let index = 0; index < count; index += 1) sum += await context.step(`step-${index}`, async () => index);
    return sum;
  };

/** Sum of 0..count-1, the result of {@link sequentialStepsHandler}. */
export const sequentialSum = (count: number): number => (count * (count - 1)) / 2;
