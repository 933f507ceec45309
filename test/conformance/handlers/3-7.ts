// 3-7 A step inside a child context fails on attempt 1 and succeeds on the retry.
import { withDurableExecution } from 'durable-lambda';

export const handler = withDurableExecution(async (event: string, context) => {
  return context.runInChildContext('child_with_retry', async (child) =>
    child.step(
      async (step) => {
        if (step.attempt === 1) throw new Error('first attempt fails');
        return event;
      },
      { retryStrategy: (_error, attempts) => ({ shouldRetry: attempts < 3, delay: { seconds: 1 } }) },
    ),
  );
});
