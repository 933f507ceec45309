// 1-11 Step fails on attempt 1 and succeeds on attempt 2 (retry after 1 s).
import { withDurableExecution } from 'durable-lambda';

export const handler = withDurableExecution(async (_event: unknown, context) => {
  return context.step(
    async (step) => {
      if (step.attempt === 1) throw new Error('Transient failure on first attempt');
      return 'Operation succeeded';
    },
    { retryStrategy: (_error, attempts) => ({ shouldRetry: attempts < 3, delay: { seconds: 1 } }) },
  );
});
