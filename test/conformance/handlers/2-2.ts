// 2-2 Wait with name: a 2 s wait named custom_wait_name.
import { withDurableExecution } from 'durable-lambda';

export const handler = withDurableExecution(async (_event: unknown, context) => {
  await context.wait('custom_wait_name', { seconds: 2 });
  return null;
});
