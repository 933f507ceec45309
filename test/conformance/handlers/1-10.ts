// 1-10 A permanently failing step caught by user code, then a 1 s wait; replay re-throws the cached error.
import { withDurableExecution, retryPresets } from 'durable-lambda';

export const handler = withDurableExecution(async (_event: unknown, context) => {
  try {
    await context.step(
      async () => {
        console.log('step executed');
        throw new Error('step failed permanently');
      },
      { retryStrategy: retryPresets.noRetry },
    );
  } catch {
    // The failure is expected; the execution continues.
  }
  await context.wait({ seconds: 1 });
  return null;
});
