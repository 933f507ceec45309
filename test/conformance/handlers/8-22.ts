// 8-22 Parallel "pct-boundary" (25 % of 4): exactly 25 % failures does not stop it.
import { withDurableExecution } from 'durable-lambda';

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const result = await context.parallel<string>(
    'pct-boundary',
    [
      async () => {
        throw new Error('branch 0 failed');
      },
      async () => 'b1',
      async () => 'b2',
      async () => 'b3',
    ],
    { maxConcurrency: 1, completionConfig: { toleratedFailurePercentage: 25 } },
  );
  return {
    completionReason: result.completionReason,
    status: result.status,
    successCount: result.successCount,
    failureCount: result.failureCount,
    totalCount: result.totalCount,
  };
});
