// 4-15 A custom callback deserializer parses the JSON payload and turns its ISO timestamp into
// epoch seconds.
import { withDurableExecution } from 'durable-lambda';

interface Received {
  id: string;
  message: string;
  timestamp: number;
}

export const handler = withDurableExecution(async (event: string, context) => {
  const [result] = await context.createCallback<Received>(event, {
    serdes: {
      deserialize: async (data) => {
        if (data === undefined) return undefined;
        const raw = JSON.parse(data) as { id: string; message: string; timestamp: string };
        return { id: raw.id, message: raw.message, timestamp: Math.floor(new Date(raw.timestamp).getTime() / 1000) };
      },
    },
  });
  return { received: await result };
});
