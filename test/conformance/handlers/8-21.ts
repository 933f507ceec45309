// 8-21 Parallel "outer" whose single branch runs parallel "inner" of two steps.
import { withDurableExecution } from 'durable-lambda';

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const outer = await context.parallel<string[]>(
    'outer',
    [
      async (branch) => {
        const inner = await branch.parallel<string>(
          'inner',
          [async (b) => b.step(async () => 'i1'), async (b) => b.step(async () => 'i2')],
          { maxConcurrency: 1 },
        );
        return inner.getResults();
      },
    ],
    { maxConcurrency: 1 },
  );
  return outer.getResults();
});
