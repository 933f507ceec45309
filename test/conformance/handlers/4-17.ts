// 4-17 Create and await callback A, then create and await callback B.
import { withDurableExecution } from 'durable-lambda';

export const handler = withDurableExecution(async (event: [string, string], context) => {
  const [resultA] = await context.createCallback(event[0]);
  const a = await resultA;
  const [resultB] = await context.createCallback(event[1]);
  const b = await resultB;
  return { a, b };
});
