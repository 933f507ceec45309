// 3-2 Child context named after the first input field; its step returns the second field.
import { withDurableExecution } from 'durable-lambda';

interface Input {
  name: string;
  value: string;
}

export const handler = withDurableExecution(async (event: Input, context) => {
  return context.runInChildContext(event.name, async (child) => child.step(async () => event.value));
});
