// 1-15 Retry only TransientError: the first attempt throws one, the retry succeeds.
import { withDurableExecution } from 'durable-lambda';

class TransientError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransientError';
  }
}

export const handler = withDurableExecution(async (_event: unknown, context) => {
  return context.step(
    async (step) => {
      if (step.attempt === 1) throw new TransientError('temporary glitch');
      return 'recovered';
    },
    {
      retryStrategy: (error) =>
        error instanceof TransientError || error.name === 'TransientError'
          ? { shouldRetry: true, delay: { seconds: 1 } }
          : { shouldRetry: false },
    },
  );
});
