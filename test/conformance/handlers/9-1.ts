// 9-1 Map "map" over the input names; each iteration runs one greeting step.
import { withDurableExecution } from 'durable-lambda';

export const handler = withDurableExecution(async (event: string[], context) => {
  const result = await context.map(
    'map',
    event,
    async (iteration, item: string) => iteration.step(async () => `Hello, ${item}!`),
    { maxConcurrency: 1 },
  );
  return result.getResults();
});
