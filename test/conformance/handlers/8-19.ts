// 8-19 Parallel "bad-concurrency" with max concurrency 0: a validation error fails the execution.
import { withDurableExecution } from 'durable-lambda';

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const result = await context.parallel<string>('bad-concurrency', [async () => 'b0', async () => 'b1'], {
    maxConcurrency: 0,
  });
  return result.getResults();
});
