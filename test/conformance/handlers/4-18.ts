// 4-18 Create callbacks A and B, then await A, then B.
import { withDurableExecution } from 'durable-lambda';

export const handler = withDurableExecution(async (event: [string, string], context) => {
  const [resultA] = await context.createCallback(event[0]);
  const [resultB] = await context.createCallback(event[1]);
  const a = await resultA;
  const b = await resultB;
  return { a, b };
});
