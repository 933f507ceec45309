// 1-6 Per-step custom serdes that upper-cases every string value when serialising.
import { withDurableExecution, type Serdes } from 'durable-lambda';

const upper = (value: unknown): unknown => {
  if (typeof value === 'string') return value.toUpperCase();
  if (Array.isArray(value)) return value.map(upper);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, upper(item)]));
  }
  return value;
};

const uppercaseSerdes: Serdes<string> = {
  serialize: async (value) => (value === undefined ? undefined : JSON.stringify(upper(value))),
  deserialize: async (data) => (data === undefined ? undefined : (JSON.parse(data) as string)),
};

export const handler = withDurableExecution(async (event: string, context) => {
  return context.step(async () => event, { serdes: uppercaseSerdes });
});
