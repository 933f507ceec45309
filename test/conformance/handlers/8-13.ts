// 8-13 Parallel "tolerated-pct" (25 % of 4): the second failure (50 %) stops it early.
import { withDurableExecution } from 'durable-lambda';

const fail = (index: number) => async (): Promise<string> => {
  throw new Error(`branch ${index} failed`);
};

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const result = await context.parallel<string>(
    'tolerated-pct',
    [fail(0), fail(1), async () => 'b2', async () => 'b3'],
    { maxConcurrency: 1, completionConfig: { toleratedFailurePercentage: 25 } },
  );
  return {
    completionReason: result.completionReason,
    successCount: result.successCount,
    failureCount: result.failureCount,
    totalCount: result.totalCount,
  };
});
