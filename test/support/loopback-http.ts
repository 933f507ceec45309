/** Pieces of the loopback HTTP servers that stand in for the Lambda API in transport tests. */
import type { IncomingMessage } from 'node:http';

/** The whole request body as text. */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const TIMESTAMP_KEYS = new Set(['StartTimestamp', 'EndTimestamp', 'NextAttemptTimestamp', 'ScheduledEndTimestamp']);

/** `body` as the service writes it: JSON with timestamps as epoch seconds. */
export function serviceJson(body: unknown): string {
  return JSON.stringify(body, (key, value: unknown) => (TIMESTAMP_KEYS.has(key) && typeof value === 'string' ? Date.parse(value) / 1000 : value));
}
