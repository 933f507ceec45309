// 4-2 Create a callback named "approval" and return its result.
import { withDurableExecution } from 'durable-lambda';

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const [result] = await context.createCallback('approval');
  return await result;
});
