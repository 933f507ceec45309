// 8-11 Parallel "concurrent" with max concurrency 2: results come back in branch index order.
import { withDurableExecution } from 'durable-lambda';

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const result = await context.parallel<string>('concurrent', [async () => 'r0', async () => 'r1', async () => 'r2'], {
    maxConcurrency: 2,
  });
  return result.getResults();
});
