// 3-4 The step inside a child context fails without retry; the ChildContextError fails the execution.
import { withDurableExecution, retryPresets } from 'durable-lambda';

export const handler = withDurableExecution(async (_event: unknown, context) => {
  return context.runInChildContext('failing_child', async (child) =>
    child.step(
      async (): Promise<string> => {
        throw new Error('step inside child failed');
      },
      { retryStrategy: retryPresets.noRetry },
    ),
  );
});
