// 8-12 Parallel "flat" with FLAT nesting: branch steps sit directly under the Parallel context.
import { withDurableExecution, NestingType } from 'durable-lambda';

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const result = await context.parallel<string>(
    'flat',
    [async (branch) => branch.step(async () => 'fa'), async (branch) => branch.step(async () => 'fb')],
    { maxConcurrency: 1, nesting: NestingType.FLAT },
  );
  return result.getResults();
});
