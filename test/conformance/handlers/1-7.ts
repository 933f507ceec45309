// 1-7 Step context logger: two info lines from inside the step.
import { withDurableExecution } from 'durable-lambda';

export const handler = withDurableExecution(async (event: string, context) => {
  return context.step(async (step) => {
    step.logger.info(`Greeting step started for: ${event}`);
    const greeting = `Hello, ${event}!`;
    step.logger.info(`Greeting step completed with: ${greeting}`);
    return greeting;
  });
});
