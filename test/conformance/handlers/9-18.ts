// 9-18 A map with one tolerated failure, then a 1 s wait; on replay the map is skipped.
import { withDurableExecution } from 'durable-lambda';

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const result = await context.map(
    'with-failure',
    ['i0', 'i1'],
    async (_iteration, item: string, index) => {
      if (index === 1) throw new Error(`item ${item} failed`);
      return 'ok';
    },
    { maxConcurrency: 1, completionConfig: { toleratedFailureCount: 1 } },
  );
  await context.wait({ seconds: 1 });
  return {
    completionReason: result.completionReason,
    status: result.status,
    successCount: result.successCount,
    failureCount: result.failureCount,
    totalCount: result.totalCount,
  };
});
