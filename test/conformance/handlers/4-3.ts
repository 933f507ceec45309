// 4-3 Callback with a 5 s timeout that nobody answers: the execution fails.
import { withDurableExecution } from 'durable-lambda';

export const handler = withDurableExecution(async (event: string, context) => {
  const [result] = await context.createCallback(event, { timeout: { seconds: 5 } });
  return await result;
});
