// 1-4 Returning a complex object from a step.
import { withDurableExecution } from 'durable-lambda';

interface Input {
  name: string;
  tags: string[];
}

export const handler = withDurableExecution(async (event: Input, context) => {
  return context.step(async () => ({ user: { name: event.name, tags: event.tags }, count: event.tags.length }));
});
