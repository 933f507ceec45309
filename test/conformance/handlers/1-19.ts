// 1-19 A step that always throws, without retries: the execution fails.
import { withDurableExecution, retryPresets } from 'durable-lambda';

export const handler = withDurableExecution(async (_event: unknown, context) => {
  return context.step(
    async (): Promise<string> => {
      throw new Error('step always fails');
    },
    { retryStrategy: retryPresets.noRetry },
  );
});
