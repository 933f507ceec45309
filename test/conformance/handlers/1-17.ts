// 1-17 AtMostOncePerRetry step that crashes the process; no retry, so the interrupted step fails.
import { withDurableExecution, StepSemantics } from 'durable-lambda';

export const handler = withDurableExecution(async (event: string, context) => {
  return context.step(
    'at_most_once_flaky_step',
    async (step): Promise<string> => {
      step.logger.info(`processing ${event}`);
      process.exit(1);
    },
    { semantics: StepSemantics.AtMostOncePerRetry, retryStrategy: () => ({ shouldRetry: false }) },
  );
});
