// 9-12 Map "flat" with FLAT nesting: item steps sit directly under the Map context.
import { withDurableExecution, NestingType } from 'durable-lambda';

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const result = await context.map('flat', ['fa', 'fb'], async (iteration, item: string) => iteration.step(async () => item), {
    maxConcurrency: 1,
    nesting: NestingType.FLAT,
  });
  return result.getResults();
});
