// 3-5 A failing child context caught by the parent; a recovery step returns the input.
import { withDurableExecution, retryPresets } from 'durable-lambda';

export const handler = withDurableExecution(async (event: string, context) => {
  try {
    await context.runInChildContext(async (child) =>
      child.step(
        async (): Promise<string> => {
          throw new Error('step inside child failed');
        },
        { retryStrategy: retryPresets.noRetry },
      ),
    );
  } catch {
    // Expected: continue with the recovery step.
  }
  return context.step(async () => event);
});
