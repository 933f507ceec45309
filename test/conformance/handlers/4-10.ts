// 4-10 Create a callback, wait 5 s (the callback fails meanwhile), then await it: the execution fails.
import { withDurableExecution } from 'durable-lambda';

export const handler = withDurableExecution(async (event: string, context) => {
  const [result] = await context.createCallback(event);
  await context.wait({ seconds: 5 });
  return await result;
});
