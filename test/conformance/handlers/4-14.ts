// 4-14 Callback with a 3 s timeout; the handler catches the timeout, waits 2 s and returns.
import { withDurableExecution } from 'durable-lambda';

export const handler = withDurableExecution(async (event: string, context) => {
  const [result] = await context.createCallback(event, { timeout: { seconds: 3 } });
  let message: string;
  try {
    message = await result;
  } catch (error) {
    message = `callback timed out: ${(error as Error).message}`;
  }
  await context.wait({ seconds: 2 });
  return message;
});
