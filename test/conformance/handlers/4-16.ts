// 4-16 A custom callback deserializer turns the payload into a number.
import { withDurableExecution } from 'durable-lambda';

export const handler = withDurableExecution(async (event: string, context) => {
  const [result] = await context.createCallback<number>(event, {
    serdes: { deserialize: async (data) => (data === undefined ? undefined : Number(JSON.parse(data))) },
  });
  const count = await result;
  return { count, doubled: count * 2 };
});
