// 9-2 Map without a name: doubles each number directly.
import { withDurableExecution } from 'durable-lambda';

export const handler = withDurableExecution(async (event: number[], context) => {
  const result = await context.map(event, async (_iteration, item: number) => item * 2, { maxConcurrency: 1 });
  return result.getResults();
});
