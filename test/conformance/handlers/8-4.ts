// 8-4 Parallel "hetero": branches return a string, a number and an object.
import { withDurableExecution } from 'durable-lambda';

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const result = await context.parallel<unknown>(
    'hetero',
    [async () => 'hello', async () => 42, async () => ({ k: 'v' })],
    { maxConcurrency: 1 },
  );
  return result.getResults();
});
