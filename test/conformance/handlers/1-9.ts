// 1-9 Replay returns the checkpointed step result without re-running the step.
import { withDurableExecution } from 'durable-lambda';

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const value = await context.step(async () => {
    console.log('step executed');
    return 'cached_value';
  });
  await context.wait({ seconds: 1 });
  return value;
});
