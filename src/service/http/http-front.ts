/**
 * Loopback HTTP front of the local service: the Lambda REST routes for durable executions and
 * an Invoke route, in the wire format `@aws-sdk/client-lambda` speaks (restJson1, timestamps as
 * epoch seconds, errors named by the `x-amzn-errortype` header).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ErrorObject, ExecutionStatus } from '../../protocol.js';
import { DurableServiceError, invalidParameter, resourceNotFound } from '../service-errors.js';
import type { DurableExecutionService } from '../service.js';

/** A running HTTP front. */
export interface HttpFront {
  /** Base URL, e.g. `http://127.0.0.1:9014`; use as `endpoint` / `AWS_ENDPOINT_URL_LAMBDA`. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Options of {@link startHttpFront}. */
export interface HttpFrontOptions {
  service: DurableExecutionService;
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind (default 127.0.0.1: loopback only). */
  host?: string;
}

type Route = (ctx: { params: string[]; query: URLSearchParams; body: Buffer; headers: IncomingMessage['headers'] }) =>
  Promise<{ status?: number; body?: unknown; raw?: Buffer; headers?: Record<string, string> }>;

const V = '/2025-12-01';

const json = (body: Buffer): any => {
  if (body.length === 0) return {};
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw invalidParameter('Request body is not valid JSON.');
  }
};

const bool = (value: string | null): boolean | undefined => (value === null ? undefined : value === 'true');
const int = (value: string | null): number | undefined => {
  if (value === null) return undefined;
  if (!/^\d+$/.test(value)) throw invalidParameter(`Invalid integer: ${value}`);
  return Number(value);
};
const date = (value: string | null): Date | undefined => {
  if (value === null) return undefined;
  const d = new Date(/^\d+(\.\d+)?$/.test(value) ? Number(value) * 1000 : value);
  if (Number.isNaN(d.getTime())) throw invalidParameter(`Invalid timestamp: ${value}`);
  return d;
};

/** Serialises with Dates as epoch seconds, the restJson1 default. */
const toJson = (value: unknown): string =>
  JSON.stringify(value, function replacer(this: Record<string, unknown>, key: string, v: unknown) {
    const raw = this[key];
    return raw instanceof Date ? raw.getTime() / 1000 : v;
  });

const buildRoutes = (service: DurableExecutionService): [string, RegExp, Route][] => [
  ['POST', new RegExp(`^${V}/durable-executions/([^/]+)/checkpoint$`), async ({ params, body }) => {
    const req = json(body);
    return { body: await service.checkpoint({ ...req, DurableExecutionArn: params[0] }) };
  }],
  ['GET', new RegExp(`^${V}/durable-executions/([^/]+)/state$`), async ({ params, query }) => {
    const marker = query.get('Marker');
    const max = int(query.get('MaxItems'));
    return {
      body: await service.getExecutionState({
        DurableExecutionArn: params[0] ?? '',
        CheckpointToken: query.get('CheckpointToken') ?? '',
        ...(marker !== null ? { Marker: marker } : {}),
        ...(max !== undefined ? { MaxItems: max } : {}),
      }),
    };
  }],
  ['GET', new RegExp(`^${V}/durable-executions/([^/]+)/history$`), async ({ params, query }) => {
    const include = bool(query.get('IncludeExecutionData'));
    const reverse = bool(query.get('ReverseOrder'));
    const max = int(query.get('MaxItems'));
    const marker = query.get('Marker');
    return {
      body: service.getExecutionHistory({
        DurableExecutionArn: params[0] ?? '',
        ...(include !== undefined ? { IncludeExecutionData: include } : {}),
        ...(reverse !== undefined ? { ReverseOrder: reverse } : {}),
        ...(max !== undefined ? { MaxItems: max } : {}),
        ...(marker !== null ? { Marker: marker } : {}),
      }),
    };
  }],
  ['POST', new RegExp(`^${V}/durable-executions/([^/]+)/stop$`), async ({ params, body }) => {
    const error = body.length === 0 ? undefined : (json(body) as ErrorObject);
    return { body: service.stopExecution(params[0] ?? '', error) };
  }],
  ['GET', new RegExp(`^${V}/durable-executions/([^/]+)$`), async ({ params, query }) => ({
    body: service.getExecution(params[0] ?? '', bool(query.get('IncludeExecutionData')) ?? true),
  })],
  ['GET', new RegExp(`^${V}/functions/([^/]+)/durable-executions$`), async ({ params, query }) => {
    const statuses = query.getAll('Statuses') as ExecutionStatus[];
    const opt = <K extends string, T>(k: K, v: T | undefined | null): Record<K, T> | object => (v === undefined || v === null ? {} : { [k]: v });
    return {
      body: service.listExecutionsByFunction({
        FunctionName: params[0] ?? '',
        ...opt('Qualifier', query.get('Qualifier')),
        ...opt('DurableExecutionName', query.get('DurableExecutionName')),
        ...(statuses.length > 0 ? { Statuses: statuses } : {}),
        ...opt('StartedAfter', date(query.get('StartedAfter'))),
        ...opt('StartedBefore', date(query.get('StartedBefore'))),
        ...opt('ReverseOrder', bool(query.get('ReverseOrder'))),
        ...opt('Marker', query.get('Marker')),
        ...opt('MaxItems', int(query.get('MaxItems'))),
      }),
    };
  }],
  ['POST', new RegExp(`^${V}/durable-execution-callbacks/([^/]+)/succeed$`), async ({ params, body }) => {
    service.sendCallbackSuccess(params[0] ?? '', body.length === 0 ? undefined : new Uint8Array(body));
    return { body: {} };
  }],
  ['POST', new RegExp(`^${V}/durable-execution-callbacks/([^/]+)/fail$`), async ({ params, body }) => {
    service.sendCallbackFailure(params[0] ?? '', json(body) as ErrorObject);
    return { body: {} };
  }],
  ['POST', new RegExp(`^${V}/durable-execution-callbacks/([^/]+)/heartbeat$`), async ({ params }) => {
    service.sendCallbackHeartbeat(params[0] ?? '');
    return { body: {} };
  }],
  ['POST', /^\/2015-03-31\/functions\/([^/]+)\/invocations$/, async ({ params, query, body, headers }) => invoke(service, params[0] ?? '', query, body, headers)],
];

const invoke = async (
  service: DurableExecutionService,
  name: string,
  query: URLSearchParams,
  body: Buffer,
  headers: IncomingMessage['headers'],
): ReturnType<Route> => {
  const qualifier = query.get('Qualifier');
  const functionName = qualifier === null ? name : `${name}:${qualifier}`;
  if (!service.hasFunction(functionName)) throw resourceNotFound(`Function not found: ${name}`);
  const header = (h: string): string | undefined => {
    const v = headers[h];
    return typeof v === 'string' ? v : undefined;
  };
  const executionName = header('x-amz-durable-execution-name');
  const tenantId = header('x-amz-tenant-id');
  const arn = service.startExecution({
    functionName,
    ...(body.length > 0 ? { payload: body.toString('utf8') } : {}),
    ...(executionName !== undefined ? { executionName } : {}),
    ...(tenantId !== undefined ? { tenantId } : {}),
  });
  const base = { 'x-amz-durable-execution-arn': arn, 'x-amz-executed-version': service.execution(arn).qualifier };
  if (header('x-amz-invocation-type') === 'Event') return { status: 202, raw: Buffer.alloc(0), headers: base };
  // A synchronous Invoke does not move virtual time: the service's own rule decides.
  const done = await service.waitForCompletion(arn, { moveTime: false });
  if (done.Status === 'SUCCEEDED') return { raw: Buffer.from(done.Result ?? 'null'), headers: base };
  const error = done.Error ?? {};
  return {
    raw: Buffer.from(JSON.stringify({ errorType: error.ErrorType ?? done.Status, errorMessage: error.ErrorMessage ?? `Execution ${done.Status}` })),
    headers: { ...base, 'x-amz-function-error': 'Unhandled' },
  };
};

const readBody = (req: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

const sendError = (res: ServerResponse, error: unknown): void => {
  const e = error instanceof DurableServiceError ? error : new DurableServiceError('ServiceException', error instanceof Error ? error.message : String(error), 500);
  res.writeHead(e.statusCode, { 'content-type': 'application/json', 'x-amzn-errortype': e.name });
  res.end(JSON.stringify({ Type: e.statusCode >= 500 ? 'Service' : 'User', message: e.message }));
};

/**
 * Starts the HTTP front on loopback.
 *
 * @example
 * const front = await startHttpFront({ service });
 * const lambda = new LambdaClient({ endpoint: front.url, region: 'us-east-1',
 *   credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
 */
export const startHttpFront = async (options: HttpFrontOptions): Promise<HttpFront> => {
  const routes = buildRoutes(options.service);
  const server: Server = createServer((req, res) => {
    void (async () => {
      try {
        const url = new URL(req.url ?? '/', 'http://localhost');
        const body = await readBody(req);
        for (const [method, pattern, route] of routes) {
          const m = pattern.exec(url.pathname);
          if (!m || req.method !== method) continue;
          const params = m.slice(1).map((p) => decodeURIComponent(p));
          const out = await route({ params, query: url.searchParams, body, headers: req.headers });
          const extra = out.headers ?? {};
          if (out.raw !== undefined) {
            res.writeHead(out.status ?? 200, { 'content-type': 'application/octet-stream', ...extra });
            res.end(out.raw);
          } else {
            res.writeHead(out.status ?? 200, { 'content-type': 'application/json', ...extra });
            res.end(toJson(out.body ?? {}));
          }
          return;
        }
        throw new DurableServiceError('UnknownOperationException', `No route for ${req.method} ${url.pathname}`, 404);
      } catch (error) {
        sendError(res, error);
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host ?? '127.0.0.1';
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
