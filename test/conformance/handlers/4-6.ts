// 4-6 The external system fails the callback; the handler does not catch, so the execution fails.
import { withDurableExecution } from 'durable-lambda';

export const handler = withDurableExecution(async (event: string, context) => {
  const [result] = await context.createCallback(event);
  return await result;
});
