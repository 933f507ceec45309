// 9-15 Map where iteration 1 waits 1 s before its step; on replay iteration 0 is skipped.
import { withDurableExecution } from 'durable-lambda';

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const result = await context.map(
    'wait-in-iteration',
    ['r0', 'r1'],
    async (iteration, item: string, index) => {
      if (index === 1) await iteration.wait({ seconds: 1 });
      return iteration.step(async () => item);
    },
    { maxConcurrency: 1 },
  );
  return result.getResults();
});
