// 1-14 Custom exponential retry: 2 s initial delay, 3x backoff, no jitter; succeeds on attempt 3.
import { withDurableExecution, createRetryStrategy, JitterStrategy } from 'durable-lambda';

export const handler = withDurableExecution(async (_event: unknown, context) => {
  return context.step(
    async (step) => {
      if (step.attempt < 3) throw new Error(`failure on attempt ${step.attempt}`);
      return 'succeeded on third attempt';
    },
    {
      retryStrategy: createRetryStrategy({
        maxAttempts: 5,
        initialDelay: { seconds: 2 },
        backoffRate: 3,
        jitter: JitterStrategy.NONE,
      }),
    },
  );
});
