// 9-11 Map "concurrent" with max concurrency 2: results come back in item index order.
import { withDurableExecution } from 'durable-lambda';

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const result = await context.map('concurrent', ['r0', 'r1', 'r2'], async (_iteration, item: string) => item, {
    maxConcurrency: 2,
  });
  return result.getResults();
});
