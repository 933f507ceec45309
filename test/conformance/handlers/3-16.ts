// 3-16 The child body returns null without any durable operation.
import { withDurableExecution } from 'durable-lambda';

export const handler = withDurableExecution(async (_event: unknown, context) => {
  return context.runInChildContext('null_child', async (): Promise<null> => null);
});
