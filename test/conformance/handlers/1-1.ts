// 1-1 Step basic: one unnamed step returns the greeting.
import { withDurableExecution } from 'durable-lambda';

export const handler = withDurableExecution(async (event: string, context) => {
  return context.step(async () => `Hello, ${event}!`);
});
