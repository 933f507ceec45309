// 3-18 Child context (step + wait), then a top-level step and wait.
import { withDurableExecution } from 'durable-lambda';

export const handler = withDurableExecution(async (event: string, context) => {
  const value = await context.runInChildContext('child_step_wait', async (child) => {
    const inner = await child.step(async () => event);
    await child.wait({ seconds: 1 });
    return inner;
  });
  const outer = await context.step(async () => value);
  await context.wait({ seconds: 1 });
  return outer;
});
