// 9-9 Map "tolerated-exceeded" (tolerated failure count 1): items 0 and 1 fail, item 2 never starts.
import { withDurableExecution } from 'durable-lambda';

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const result = await context.map(
    'tolerated-exceeded',
    ['i0', 'i1', 'i2'],
    async (_iteration, item: string, index) => {
      if (index < 2) throw new Error(`item ${item} failed`);
      return item;
    },
    { maxConcurrency: 1, completionConfig: { toleratedFailureCount: 1 } },
  );
  return {
    completionReason: result.completionReason,
    successCount: result.successCount,
    failureCount: result.failureCount,
    totalCount: result.totalCount,
  };
});
