// 9-13 Map "named-items" with an item namer ("item-<item>"); each result is item * 10.
import { withDurableExecution } from 'durable-lambda';

export const handler = withDurableExecution(async (event: number[], context) => {
  const result = await context.map('named-items', event, async (_iteration, item: number) => item * 10, {
    maxConcurrency: 1,
    itemNamer: (item) => `item-${item}`,
  });
  return result.getResults();
});
