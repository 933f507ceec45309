// 9-14 Map with an itemSerdes that stores "wrapped:<value>" and reads the value back.
import { withDurableExecution, type Serdes } from 'durable-lambda';

const PREFIX = 'wrapped:';
const wrappedSerdes: Serdes<string> = {
  serialize: async (value) => (value === undefined ? undefined : `${PREFIX}${value}`),
  deserialize: async (data) => (data === undefined ? undefined : data.startsWith(PREFIX) ? data.slice(PREFIX.length) : data),
};

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const result = await context.map('item-serdes', ['x', 'y'], async (_iteration, item: string) => item.toUpperCase(), {
    maxConcurrency: 1,
    itemSerdes: wrappedSerdes,
  });
  return result.getResults();
});
