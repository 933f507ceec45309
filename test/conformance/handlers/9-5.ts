// 9-5 Map "failfast" (tolerated failure count 0): item 1 fails, item 2 never starts.
import { withDurableExecution } from 'durable-lambda';

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const result = await context.map(
    'failfast',
    ['i0', 'i1', 'i2'],
    async (_iteration, item: string, index) => {
      if (index === 1) throw new Error(`item ${item} failed`);
      return 'ok';
    },
    { maxConcurrency: 1, completionConfig: { toleratedFailureCount: 0 } },
  );
  return {
    completionReason: result.completionReason,
    status: result.status,
    successCount: result.successCount,
    failureCount: result.failureCount,
    totalCount: result.totalCount,
  };
});
