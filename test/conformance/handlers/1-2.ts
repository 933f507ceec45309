// 1-2 Step with name: one step named custom_step_name returns the greeting.
import { withDurableExecution } from 'durable-lambda';

export const handler = withDurableExecution(async (event: string, context) => {
  return context.step('custom_step_name', async () => `Hello, ${event}!`);
});
