// 8-7 Parallel "throwing": branch 0 fails, fail-fast stops, throwIfError fails the execution.
import { withDurableExecution } from 'durable-lambda';

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const result = await context.parallel<string>(
    'throwing',
    [
      async () => {
        throw new Error('branch 0 failed');
      },
      async () => 'never',
    ],
    { maxConcurrency: 1, completionConfig: { toleratedFailureCount: 0 } },
  );
  result.throwIfError();
  return result.getResults();
});
