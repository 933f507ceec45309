// 3-1 Child context basic: one step inside returns the input.
import { withDurableExecution } from 'durable-lambda';

export const handler = withDurableExecution(async (event: string, context) => {
  return context.runInChildContext(async (child) => child.step(async () => event));
});
