// 8-2 Parallel without a name: two branches return constants directly.
import { withDurableExecution } from 'durable-lambda';

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const result = await context.parallel<string>([async () => 'alpha', async () => 'beta'], { maxConcurrency: 1 });
  return result.getResults();
});
