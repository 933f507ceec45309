// 4-8 Create a callback with a 5 s timeout, run a step, then await the callback (it times out).
import { withDurableExecution } from 'durable-lambda';

export const handler = withDurableExecution(async (event: string, context) => {
  const [result] = await context.createCallback(event, { timeout: { seconds: 5 } });
  await context.step(async () => 'work done while waiting');
  return await result;
});
