// 9-19 Map with an operation-level serdes: the Map context payload is "OPSERDE:X,Y".
import { withDurableExecution } from 'durable-lambda';
import { operationSerdes } from './opserde.js';

export const handler = withDurableExecution(async (_event: unknown, context) => {
  const result = await context.map('op-serdes', ['x', 'y'], async (_iteration, item: string) => item.toUpperCase(), {
    maxConcurrency: 1,
    serdes: operationSerdes,
  });
  return result.getResults();
});
