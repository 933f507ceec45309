// 4-19 Create callbacks A and B, then await B first, then A.
import { withDurableExecution } from 'durable-lambda';

export const handler = withDurableExecution(async (event: [string, string], context) => {
  const [resultA] = await context.createCallback(event[0]);
  const [resultB] = await context.createCallback(event[1]);
  const b = await resultB;
  const a = await resultA;
  return { a, b };
});
