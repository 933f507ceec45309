// 8-9 Parallel "tolerated" (tolerated failure count 1): one failure, all branches complete.
import { withDurableExecution } from 'durable-lambda';

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const result = await context.parallel<string>(
    'tolerated',
    [
      async () => 'b0',
      async () => {
        throw new Error('branch 1 failed');
      },
      async () => 'b2',
    ],
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
