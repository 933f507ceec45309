// 2-3 Two sequential named waits of 2 s each.
import { withDurableExecution } from 'durable-lambda';

export const handler = withDurableExecution(async (_event: unknown, context) => {
  await context.wait('wait-1', { seconds: 2 });
  await context.wait('wait-2', { seconds: 2 });
  return { completedWaits: 2 };
});
