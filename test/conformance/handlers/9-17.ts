// 9-17 A successful map then a 1 s wait; on replay the map is skipped.
import { withDurableExecution } from 'durable-lambda';

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const result = await context.map('upper', ['a', 'b'], async (_iteration, item: string) => item.toUpperCase(), {
    maxConcurrency: 1,
  });
  await context.wait({ seconds: 1 });
  return result.getResults();
});
