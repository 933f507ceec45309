// 8-15 Parallel "serde" with an itemSerdes that stores {"wrapped": v} and reads back v.
import { withDurableExecution, type Serdes } from 'durable-lambda';

const wrappingSerdes: Serdes<string> = {
  serialize: async (value) => JSON.stringify({ wrapped: value }),
  deserialize: async (data) => (data === undefined ? undefined : (JSON.parse(data) as { wrapped: string }).wrapped),
};

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const result = await context.parallel<string>('serde', [async () => 'x', async () => 'y'], {
    maxConcurrency: 1,
    itemSerdes: wrappingSerdes,
  });
  return result.getResults();
});
