// 2-5 A wait expressed in hours (1 hour = 3600 s).
import { withDurableExecution } from 'durable-lambda';

export const handler = withDurableExecution(async (_event: unknown, context) => {
  await context.wait({ hours: 1 });
  return null;
});
