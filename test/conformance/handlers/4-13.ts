// 4-13 The callback fails; the handler catches it, waits 2 s and returns the error message.
import { withDurableExecution } from 'durable-lambda';

export const handler = withDurableExecution(async (event: string, context) => {
  const [result] = await context.createCallback(event);
  let message: string;
  try {
    message = await result;
  } catch (error) {
    message = `callback failed: ${(error as Error).message}`;
  }
  await context.wait({ seconds: 2 });
  return message;
});
