// 1-5 A step that returns null; the execution result is null.
import { withDurableExecution } from 'durable-lambda';

export const handler = withDurableExecution(async (_event: unknown, context) => {
  return context.step(async (): Promise<null> => null);
});
