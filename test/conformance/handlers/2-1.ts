// 2-1 Wait basic: a single unnamed 2 s wait.
import { withDurableExecution } from 'durable-lambda';

export const handler = withDurableExecution(async (_event: unknown, context) => {
  await context.wait({ seconds: 2 });
  return null;
});
