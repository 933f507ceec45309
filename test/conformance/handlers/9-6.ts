// 9-6 Map "throwing": item 0 fails, fail-fast stops, throwIfError fails the execution.
import { withDurableExecution } from 'durable-lambda';

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const result = await context.map(
    'throwing',
    ['i0', 'i1'],
    async (_iteration, item: string, index) => {
      if (index === 0) throw new Error(`item ${item} failed`);
      return item;
    },
    { maxConcurrency: 1, completionConfig: { toleratedFailureCount: 0 } },
  );
  result.throwIfError();
  return result.getResults();
});
