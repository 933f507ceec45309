// 9-20 Map with an operation-level serdes, then a 1 s wait: on replay the map result is rebuilt
// by the serdes' deserialize.
import { withDurableExecution } from 'durable-lambda';
import { operationSerdes } from './opserde.js';

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const result = await context.map('op-serdes', ['x', 'y'], async (_iteration, item: string) => item.toUpperCase(), {
    maxConcurrency: 1,
    serdes: operationSerdes,
  });
  await context.wait({ seconds: 1 });
  return result.getResults();
});
