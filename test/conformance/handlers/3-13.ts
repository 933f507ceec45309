// 3-13 Child context with only a wait inside, then a step outside it.
import { withDurableExecution } from 'durable-lambda';

export const handler = withDurableExecution(async (event: string, context) => {
  await context.runInChildContext('wait_only', async (child) => {
    await child.wait({ seconds: 1 });
    return event;
  });
  return context.step(async () => event);
});
