// 8-5 Parallel "empty" with no branches completes immediately.
import { withDurableExecution } from 'durable-lambda';

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const result = await context.parallel<string>('empty', []);
  return result.getResults();
});
