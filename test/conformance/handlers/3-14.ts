// 3-14 Child context with a custom serdes that writes its result upper-cased (raw text).
import { withDurableExecution, type Serdes } from 'durable-lambda';

const uppercaseSerdes: Serdes<string> = {
  serialize: async (value) => value?.toUpperCase(),
  deserialize: async (data) => data,
};

export const handler = withDurableExecution(async (event: string, context) => {
  return context.runInChildContext('uppercase_child', async (child) => child.step(async () => event), {
    serdes: uppercaseSerdes,
  });
});
