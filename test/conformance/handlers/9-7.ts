// 9-7 Map "min-successful" (min successful 2) stops after two of four items.
import { withDurableExecution } from 'durable-lambda';

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const result = await context.map('min-successful', ['i0', 'i1', 'i2', 'i3'], async (_iteration, item: string) => `done-${item}`, {
    maxConcurrency: 1,
    completionConfig: { minSuccessful: 2 },
  });
  return { completionReason: result.completionReason, successCount: result.successCount, totalCount: result.totalCount };
});
