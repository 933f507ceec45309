// 3-10 Child context with a step followed by a wait inside it.
import { withDurableExecution } from 'durable-lambda';

export const handler = withDurableExecution(async (event: string, context) => {
  return context.runInChildContext('step_then_wait', async (child) => {
    const value = await child.step(async () => event);
    await child.wait({ seconds: 1 });
    return value;
  });
});
