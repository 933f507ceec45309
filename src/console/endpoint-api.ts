/**
 * The console's calls to a Lambda-API endpoint (a `serve`) without the AWS SDK: plain HTTP
 * to the same public REST routes, so `npx durable-lambda serve` shows its console in a project
 * that has not installed `@aws-sdk/client-lambda`. Written here rather than depending on a
 * client library because it is ten requests to documented routes, and the AWS SDK (which
 * AWS itself still needs, for its credential chain and signing) is the library for the rest.
 */
import type { HistoryEvent } from '../protocol.js';
import type { ConsoleLambdaApi, ExecutionFilter } from './console-api-types.js';
import type { ExecutionItem, FunctionItem } from './view-types.js';

const V = '/2025-12-01';
/** Largest answer read (a history page is at most a few MB; the cap keeps a bad endpoint bounded). */
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
const REQUEST_TIMEOUT_MS = 30_000;

type Json = Record<string, unknown>;

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** A timestamp as the endpoint writes it (restJson1: epoch seconds; ISO text accepted too). */
const epochMs = (value: unknown): number | undefined => {
  if (typeof value === 'number' && Number.isFinite(value)) return value * 1000;
  if (typeof value === 'string') {
    const parsed = Date.parse(value);
    return Number.isNaN(parsed) ? undefined : parsed;
  }
  return undefined;
};

/** An error answer, named as the AWS SDK would name it (`x-amzn-errortype`). */
class EndpointApiError extends Error {
  constructor(
    override readonly name: string,
    message: string,
    readonly statusCode: number,
  ) {
    super(message);
  }
}

interface Request {
  method: 'GET' | 'POST';
  path: string;
  query?: URLSearchParams;
  body?: string;
  headers?: Record<string, string>;
}

/**
 * A {@link ConsoleLambdaApi} over plain HTTP to `endpoint`.
 *
 * @example
 * const api = createEndpointApi({ endpoint: 'http://127.0.0.1:9014' });
 * const { executions } = await api.listExecutions({ functionName: 'orders' });
 */
export const createEndpointApi = ({ endpoint }: { endpoint: string }): ConsoleLambdaApi => {
  const base = new URL(endpoint);
  const call = async (request: Request): Promise<{ status: number; headers: Headers; text: string }> => {
    const url = new URL(request.path, base);
    if (request.query) url.search = request.query.toString();
    const response = await fetch(url, {
      method: request.method,
      headers: { accept: 'application/json', ...request.headers },
      ...(request.body !== undefined ? { body: request.body } : {}),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const length = Number(response.headers.get('content-length') ?? '0');
    if (length > MAX_RESPONSE_BYTES) {
      await response.body?.cancel();
      throw new Error(`${request.method} ${request.path}: the answer of ${length} bytes is larger than the ${MAX_RESPONSE_BYTES} the console reads`);
    }
    const text = await response.text();
    if (text.length > MAX_RESPONSE_BYTES) throw new Error(`${request.method} ${request.path}: the answer is larger than the ${MAX_RESPONSE_BYTES} bytes the console reads`);
    if (response.status >= 300) {
      let message = text;
      try {
        const parsed = JSON.parse(text) as Json;
        message = str(parsed.message) ?? str(parsed.Message) ?? text;
      } catch {
        // Not JSON: the text itself is the message.
      }
      throw new EndpointApiError(response.headers.get('x-amzn-errortype')?.split(':')[0] ?? `Http${response.status}`, message, response.status);
    }
    return { status: response.status, headers: response.headers, text };
  };
  const json = async (request: Request): Promise<Json> => {
    const { text } = await call(request);
    if (text === '') return {};
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`${request.method} ${request.path}: the endpoint answered with no JSON object`);
    return parsed as Json;
  };
  const arnPath = (arn: string, suffix = ''): string => `${V}/durable-executions/${encodeURIComponent(arn)}${suffix}`;
  const callbackPath = (id: string, action: string): string => `${V}/durable-execution-callbacks/${encodeURIComponent(id)}/${action}`;
  const jsonHeaders = { 'content-type': 'application/json' };

  return {
    description: `${endpoint} (without the AWS SDK)`,
    async listFunctions() {
      const out: FunctionItem[] = [];
      const seen = new Set<string>();
      let marker: string | undefined;
      do {
        const page = await json({ method: 'GET', path: '/2015-03-31/functions/', ...(marker !== undefined ? { query: new URLSearchParams({ Marker: marker }) } : {}) });
        for (const f of Array.isArray(page.Functions) ? (page.Functions as Json[]) : []) {
          const name = str(f.FunctionName);
          const arn = str(f.FunctionArn);
          // Only durable functions have executions to show.
          if (name !== undefined && f.DurableConfig !== undefined) out.push({ name, ...(arn ? { arn } : {}) });
        }
        marker = str(page.NextMarker);
        if (marker !== undefined && seen.has(marker)) break;
        if (marker !== undefined) seen.add(marker);
      } while (marker !== undefined && marker !== '');
      return out;
    },
    async listExecutions(filter: ExecutionFilter) {
      const query = new URLSearchParams();
      for (const status of filter.statuses ?? []) query.append('Statuses', status);
      if (filter.name !== undefined && filter.name !== '') query.set('DurableExecutionName', filter.name);
      if (filter.startedAfter) query.set('StartedAfter', filter.startedAfter.toISOString());
      if (filter.startedBefore) query.set('StartedBefore', filter.startedBefore.toISOString());
      if (filter.marker !== undefined) query.set('Marker', filter.marker);
      query.set('MaxItems', String(filter.maxItems ?? 50));
      query.set('ReverseOrder', 'true');
      const page = await json({ method: 'GET', path: `${V}/functions/${encodeURIComponent(filter.functionName)}/durable-executions`, query });
      const executions: ExecutionItem[] = (Array.isArray(page.DurableExecutions) ? (page.DurableExecutions as Json[]) : []).map((e) => {
        const startMs = epochMs(e.StartTimestamp);
        const endMs = epochMs(e.EndTimestamp);
        const functionArn = str(e.FunctionArn);
        return {
          arn: str(e.DurableExecutionArn) ?? '',
          name: str(e.DurableExecutionName) ?? '',
          status: str(e.Status) ?? 'UNKNOWN',
          ...(functionArn !== undefined ? { functionArn } : {}),
          ...(startMs !== undefined ? { startMs } : {}),
          ...(endMs !== undefined ? { endMs } : {}),
        };
      });
      const nextMarker = str(page.NextMarker);
      return { executions, ...(nextMarker ? { nextMarker } : {}) };
    },
    async getExecution(arn) {
      const e = await json({ method: 'GET', path: arnPath(arn), query: new URLSearchParams({ IncludeExecutionData: 'true' }) });
      const name = str(e.DurableExecutionName);
      const functionArn = str(e.FunctionArn);
      const input = str(e.InputPayload);
      return {
        status: str(e.Status) ?? 'UNKNOWN',
        ...(name !== undefined ? { name } : {}),
        ...(functionArn !== undefined ? { functionArn } : {}),
        ...(input !== undefined ? { input } : {}),
      };
    },
    async history(arn) {
      const events: HistoryEvent[] = [];
      const seen = new Set<string>();
      let marker: string | undefined;
      do {
        if (marker !== undefined) {
          if (seen.has(marker)) throw new Error(`GetDurableExecutionHistory returned the page marker "${marker}" twice.`);
          seen.add(marker);
        }
        const query = new URLSearchParams({ IncludeExecutionData: 'true' });
        if (marker !== undefined) query.set('Marker', marker);
        const page = await json({ method: 'GET', path: arnPath(arn, '/history'), query });
        for (const event of Array.isArray(page.Events) ? (page.Events as Json[]) : []) {
          // The AWS SDK hands out Dates; the views read them the same way from both clients.
          const timestamp = epochMs(event.EventTimestamp);
          events.push({ ...event, ...(timestamp !== undefined ? { EventTimestamp: new Date(timestamp) } : {}) } as unknown as HistoryEvent);
        }
        marker = str(page.NextMarker);
      } while (marker !== undefined && marker !== '');
      return events;
    },
    async stop(arn, error) {
      // The error is the request's whole body, as the AWS SDK sends it.
      await call({ method: 'POST', path: arnPath(arn, '/stop'), ...(error ? { headers: jsonHeaders, body: JSON.stringify(error) } : {}) });
    },
    async callbackSuccess(callbackId, result) {
      await call({ method: 'POST', path: callbackPath(callbackId, 'succeed'), headers: { 'content-type': 'application/octet-stream' }, body: result });
    },
    async callbackFailure(callbackId, error) {
      await call({ method: 'POST', path: callbackPath(callbackId, 'fail'), headers: jsonHeaders, body: JSON.stringify(error) });
    },
    async callbackHeartbeat(callbackId) {
      await call({ method: 'POST', path: callbackPath(callbackId, 'heartbeat') });
    },
    async start(functionName, input, executionName) {
      const { headers } = await call({
        method: 'POST',
        path: `/2015-03-31/functions/${encodeURIComponent(functionName)}/invocations`,
        headers: {
          'content-type': 'application/json',
          'x-amz-invocation-type': 'Event',
          ...(executionName !== undefined && executionName !== '' ? { 'x-amz-durable-execution-name': executionName } : {}),
        },
        body: input,
      });
      return headers.get('x-amz-durable-execution-arn') ?? undefined;
    },
    close: () => undefined,
  };
};
