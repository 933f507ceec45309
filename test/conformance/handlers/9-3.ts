// 9-3 Map "indexed": each result is item + index.
import { withDurableExecution } from 'durable-lambda';

export const handler = withDurableExecution(async (event: number[], context) => {
  const result = await context.map('indexed', event, async (_iteration, item: number, index) => item + index, {
    maxConcurrency: 1,
  });
  return result.getResults();
});
