// 3-9 Child context then a wait; on replay the child returns its cached result.
import { withDurableExecution } from 'durable-lambda';

export const handler = withDurableExecution(async (event: string, context) => {
  const value = await context.runInChildContext(async (child) => child.step(async () => event));
  await context.wait({ seconds: 1 });
  return value;
});
