// 8-17 Parallel "min-not-reached" (min successful 3): one failure, all branches run.
import { withDurableExecution } from 'durable-lambda';

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const result = await context.parallel<string>(
    'min-not-reached',
    [
      async () => 'b0',
      async () => {
        throw new Error('branch 1 failed');
      },
      async () => 'b2',
    ],
    { maxConcurrency: 1, completionConfig: { minSuccessful: 3 } },
  );
  return {
    completionReason: result.completionReason,
    status: result.status,
    successCount: result.successCount,
    failureCount: result.failureCount,
    totalCount: result.totalCount,
  };
});
