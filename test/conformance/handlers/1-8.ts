// 1-8 Step then a 2 s wait; replay skips the completed step.
import { withDurableExecution } from 'durable-lambda';

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const value = await context.step(async () => 'computed');
  await context.wait({ seconds: 2 });
  return value;
});
