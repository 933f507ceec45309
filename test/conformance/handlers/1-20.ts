// 1-20 A failing step caught by user code; a second step runs and its result is returned.
import { withDurableExecution, retryPresets } from 'durable-lambda';

export const handler = withDurableExecution(async (_event: unknown, context) => {
  let fallback = '';
  try {
    await context.step(
      async (): Promise<string> => {
        throw new Error('step failed');
      },
      { retryStrategy: retryPresets.noRetry },
    );
  } catch {
    fallback = 'fallback';
  }
  return context.step(async () => `${fallback}_result`);
});
