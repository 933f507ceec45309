// 9-4 Map "empty" over no items completes immediately.
import { withDurableExecution } from 'durable-lambda';

export const handler = withDurableExecution(async (event: string[], context) => {
  const result = await context.map('empty', event, async (_iteration, item: string) => item);
  return result.getResults();
});
