// 8-18 Parallel "combined" (min successful 3, tolerated failure count 1): two failures stop it.
import { withDurableExecution } from 'durable-lambda';

const fail = (index: number) => async (): Promise<string> => {
  throw new Error(`branch ${index} failed`);
};

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const result = await context.parallel<string>(
    'combined',
    [fail(0), fail(1), async () => 'b2', async () => 'b3'],
    { maxConcurrency: 1, completionConfig: { minSuccessful: 3, toleratedFailureCount: 1 } },
  );
  return {
    completionReason: result.completionReason,
    successCount: result.successCount,
    failureCount: result.failureCount,
    totalCount: result.totalCount,
  };
});
