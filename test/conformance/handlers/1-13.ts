// 1-13 Default retry strategy: fails on attempts 1 and 2, succeeds on attempt 3.
import { withDurableExecution } from 'durable-lambda';

export const handler = withDurableExecution(async (_event: unknown, context) => {
  return context.step(async (step) => {
    if (step.attempt < 3) throw new Error(`failure on attempt ${step.attempt}`);
    return 'succeeded on third attempt';
  });
});
