// 1-12 Retry exhaustion: always fails, 4 attempts 1 s apart, then the execution fails.
import { withDurableExecution, createRetryStrategy, JitterStrategy } from 'durable-lambda';

export const handler = withDurableExecution(async (_event: unknown, context) => {
  return context.step(
    async (): Promise<string> => {
      throw new Error('always fails');
    },
    {
      retryStrategy: createRetryStrategy({
        maxAttempts: 4,
        initialDelay: { seconds: 1 },
        backoffRate: 1,
        jitter: JitterStrategy.NONE,
      }),
    },
  );
});
