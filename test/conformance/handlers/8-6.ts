// 8-6 Parallel "failfast" (tolerated failure count 0): branch 1 fails, branch 2 never starts.
import { withDurableExecution } from 'durable-lambda';

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const result = await context.parallel<string>(
    'failfast',
    [
      async () => 'ok',
      async () => {
        throw new Error('branch 1 failed');
      },
      async () => 'never',
    ],
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
