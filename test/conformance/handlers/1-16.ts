// 1-16 The strategy does not retry TransientError: the step fails permanently and so does the execution.
import { withDurableExecution } from 'durable-lambda';

class TransientError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransientError';
  }
}

export const handler = withDurableExecution(async (_event: unknown, context) => {
  return context.step(
    async (): Promise<string> => {
      throw new TransientError('not retried');
    },
    {
      retryStrategy: (error) =>
        error.name === 'TransientError' ? { shouldRetry: false } : { shouldRetry: true, delay: { seconds: 1 } },
    },
  );
});
