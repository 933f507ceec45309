// 2-4 A wait expressed in minutes (1 minute = 60 s).
import { withDurableExecution } from 'durable-lambda';

export const handler = withDurableExecution(async (_event: unknown, context) => {
  await context.wait({ minutes: 1 });
  return null;
});
