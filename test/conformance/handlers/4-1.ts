// 4-1 Create a callback named after the input and return its result.
import { withDurableExecution } from 'durable-lambda';

export const handler = withDurableExecution(async (event: string, context) => {
  const [result] = await context.createCallback(event);
  return await result;
});
