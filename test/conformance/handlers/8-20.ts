// 8-20 Parallel "accessors": projection built with hasFailure, succeeded(), failed(), getErrors().
import { withDurableExecution } from 'durable-lambda';

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const result = await context.parallel<string>(
    'accessors',
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
    hasFailure: result.hasFailure,
    successCount: result.succeeded().length,
    failureCount: result.failed().length,
    errorCount: result.getErrors().length,
  };
});
