// 9-8 Map "tolerated" (tolerated failure count 1): item 1 fails, every item completes.
import { withDurableExecution } from 'durable-lambda';

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const result = await context.map(
    'tolerated',
    ['i0', 'i1', 'i2'],
    async (_iteration, item: string, index) => {
      if (index === 1) throw new Error(`item ${item} failed`);
      return item;
    },
    { maxConcurrency: 1, completionConfig: { toleratedFailureCount: 1 } },
  );
  return {
    completionReason: result.completionReason,
    status: result.status,
    successCount: result.successCount,
    failureCount: result.failureCount,
    totalCount: result.totalCount,
  };
});
