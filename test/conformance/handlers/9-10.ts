// 9-10 Map "tolerated-pct" (25 % of 4): the second failure (50 %) stops it early.
import { withDurableExecution } from 'durable-lambda';

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const result = await context.map(
    'tolerated-pct',
    ['i0', 'i1', 'i2', 'i3'],
    async (_iteration, item: string, index) => {
      if (index < 2) throw new Error(`item ${item} failed`);
      return item;
    },
    { maxConcurrency: 1, completionConfig: { toleratedFailurePercentage: 25 } },
  );
  return {
    completionReason: result.completionReason,
    successCount: result.successCount,
    failureCount: result.failureCount,
    totalCount: result.totalCount,
  };
});
