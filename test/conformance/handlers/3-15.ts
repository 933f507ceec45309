// 3-15 The child body throws directly, without any durable operation.
import { withDurableExecution } from 'durable-lambda';

export const handler = withDurableExecution(async (_event: unknown, context) => {
  return context.runInChildContext('throwing_child', async (): Promise<string> => {
    throw new Error('thrown directly in child body');
  });
});
