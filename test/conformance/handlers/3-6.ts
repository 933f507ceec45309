// 3-6 Nested child contexts, each with a step returning the input.
import { withDurableExecution } from 'durable-lambda';

export const handler = withDurableExecution(async (event: string, context) => {
  return context.runInChildContext('outer', async (outer) => {
    await outer.step(async () => event);
    return outer.runInChildContext('inner', async (inner) => inner.step(async () => event));
  });
});
