// 8-1 Parallel "parallel" of two branches, each one step; max concurrency 1.
import { withDurableExecution } from 'durable-lambda';

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const result = await context.parallel<string>(
    'parallel',
    [async (branch) => branch.step(async () => 'task-1'), async (branch) => branch.step(async () => 'task-2')],
    { maxConcurrency: 1 },
  );
  return result.getResults();
});
