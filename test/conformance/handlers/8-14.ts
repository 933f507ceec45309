// 8-14 Parallel "replay": branch 0 runs a step, branch 1 waits 2 s; on replay branch 0 is skipped.
import { withDurableExecution } from 'durable-lambda';

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const result = await context.parallel<string>(
    'replay',
    [
      async (branch) => branch.step(async () => 'b0'),
      async (branch) => {
        await branch.wait({ seconds: 2 });
        return 'b1';
      },
    ],
    { maxConcurrency: 1 },
  );
  return result.getResults();
});
