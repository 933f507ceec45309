// 1-18 AtMostOncePerRetry step that crashes on attempt 1 and succeeds on the retry.
import { withDurableExecution, StepSemantics } from 'durable-lambda';

export const handler = withDurableExecution(async (event: string, context) => {
  return context.step(
    async (step) => {
      step.logger.info(`processing ${event}`);
      if (step.attempt === 1) process.exit(1);
      return 'succeeded on second attempt';
    },
    {
      semantics: StepSemantics.AtMostOncePerRetry,
      retryStrategy: (_error, attempts) => ({ shouldRetry: attempts < 3, delay: { seconds: 1 } }),
    },
  );
});
