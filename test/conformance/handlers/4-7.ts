// 4-7 Create a callback, run a step, then await the callback (which the external system fails).
import { withDurableExecution } from 'durable-lambda';

export const handler = withDurableExecution(async (event: string, context) => {
  const [result] = await context.createCallback(event);
  await context.step(async () => 'work done while waiting');
  return await result;
});
