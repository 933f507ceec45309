/** Pieces of the loopback HTTP servers that stand in for the Lambda API in transport tests. */
import type { IncomingMessage } from 'node:http';
import type { DurableExecutionClient } from '../../src/transport/checkpoint-client.js';

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

/** What a loopback Lambda API answers: status, JSON body and extra headers. */
export interface LoopbackAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/**
 * Answers the two durable-execution routes (POST …/checkpoint, GET …/state) from `service`;
 * anything else is a 404 `ResourceNotFoundException`.
 */
export async function answerDurableExecutionRoute(
  service: DurableExecutionClient,
  request: { method: string; url: URL; body: unknown },
): Promise<LoopbackAnswer> {
  const match = /^\/2025-12-01\/durable-executions\/(.+)\/(checkpoint|state)$/.exec(decodeURIComponent(request.url.pathname));
  if (!match) return { status: 404, body: { message: 'no route' }, headers: { 'x-amzn-errortype': 'ResourceNotFoundException' } };
  const arn = match[1] as string;
  if (match[2] === 'checkpoint' && request.method === 'POST') {
    const body = request.body as { CheckpointToken: string; Updates?: never[] };
    return { status: 200, body: await service.checkpoint({ DurableExecutionArn: arn, ...body }) };
  }
  const { searchParams } = request.url;
  const state = await service.getExecutionState({
    DurableExecutionArn: arn,
    CheckpointToken: searchParams.get('CheckpointToken') ?? '',
    Marker: searchParams.get('Marker') ?? undefined,
    MaxItems: Number(searchParams.get('MaxItems') ?? '1000'),
  });
  return { status: 200, body: state };
}
