// 3-8 A step inside a child context always fails; after 2 attempts the child and the execution fail.
import { withDurableExecution, createRetryStrategy, JitterStrategy } from 'durable-lambda';

export const handler = withDurableExecution(async (_event: unknown, context) => {
  return context.runInChildContext('child_retry_exhausted', async (child) =>
    child.step(
      async (): Promise<string> => {
        throw new Error('always fails');
      },
      { retryStrategy: createRetryStrategy({ maxAttempts: 2, initialDelay: { seconds: 1 }, jitter: JitterStrategy.NONE }) },
    ),
  );
});
