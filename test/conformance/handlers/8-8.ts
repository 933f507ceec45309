// 8-8 Parallel "min-successful" (min successful 2) stops after two of four branches.
import { withDurableExecution } from 'durable-lambda';

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const result = await context.parallel<string>(
    'min-successful',
    [async () => 'b0', async () => 'b1', async () => 'b2', async () => 'b3'],
    { maxConcurrency: 1, completionConfig: { minSuccessful: 2 } },
  );
  return { completionReason: result.completionReason, successCount: result.successCount, totalCount: result.totalCount };
});
