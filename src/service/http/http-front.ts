/**
 * Loopback HTTP front of the local service: the Lambda REST routes for durable executions and
 * an Invoke route, in the wire format `@aws-sdk/client-lambda` speaks (restJson1, timestamps as
 * epoch seconds, errors named by the `x-amzn-errortype` header). The routes, body reader, value
 * parsing and response writing live in their own modules beside this one.
 */
import { createServer, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DurableServiceError, invalidParameter } from '../service-errors.js';
import type { DurableExecutionService } from '../service.js';
import { readBody } from './body-reader.js';
import { sendError, sendResult } from './response-writer.js';
import { pathParam } from './request-values.js';
import type { RouteEntry } from './route-types.js';
import { buildRoutes } from './routes.js';
import { createRequestGuard, type GuardRefusal } from './request-guard.js';

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
  /** Host names accepted besides loopback names and the bound address (DNS-rebinding guard). */
  allowedHosts?: readonly string[];
  /**
   * Handles requests outside the Lambda API's paths (the durable console at `/`); they pass the
   * same Host and Origin guard first. Without it such requests get 404.
   */
  fallback?: RequestListener;
}

const API_PATH = /^\/(2025-12-01|2015-03-31)\//;

const sendRefusal = (res: ServerResponse, refusal: GuardRefusal): void => {
  // The client may still be sending a refused body: close rather than drain it.
  res.writeHead(refusal.status, { 'content-type': 'application/json', 'x-amzn-errortype': refusal.code, connection: 'close' });
  res.end(JSON.stringify({ Type: 'User', message: refusal.message }));
};

/** The request target as a URL; `//x` is a path here, not an authority, and a malformed one is a 400. */
const requestUrl = (target: string): URL => {
  try {
    return new URL(target.startsWith('/') ? `http://localhost${target}` : target);
  } catch {
    throw invalidParameter(`Malformed request target: ${target.slice(0, 200)}`);
  }
};

/** The route for a request: 404 when no path matches, 405 (with `Allow`) when only the method is wrong. */
const findRoute = (routes: RouteEntry[], method: string, path: string): { entry: RouteEntry; match: RegExpExecArray } => {
  const allowed: string[] = [];
  for (const entry of routes) {
    const match = entry[1].exec(path);
    if (!match) continue;
    if (entry[0] === method) return { entry, match };
    allowed.push(entry[0]);
  }
  if (allowed.length > 0) {
    throw new DurableServiceError('MethodNotAllowedException', `${method} is not allowed on ${path.slice(0, 200)}; use ${allowed.join(' or ')}.`, 405);
  }
  throw new DurableServiceError('UnknownOperationException', `No route for ${method} ${path.slice(0, 200)}`, 404);
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
  const host = options.host ?? '127.0.0.1';
  const guard = createRequestGuard({ boundHost: host, ...(options.allowedHosts ? { allowedHosts: options.allowedHosts } : {}) });
  const server: Server = createServer((req, res) => {
    void (async () => {
      try {
        // Every route, the console's included: Host against DNS rebinding, Origin against cross-site writes.
        const refusal = guard.check(req);
        if (refusal) return sendRefusal(res, refusal);
        const url = requestUrl(req.url ?? '/');
        if (options.fallback && !API_PATH.test(url.pathname)) return options.fallback(req, res);
        const found = findRoute(routes, req.method ?? '', url.pathname);
        // Routed before the body is read, so an oversized or unroutable request is refused unread.
        const cap = found.entry[3];
        const body = await readBody(req, typeof cap === 'number' ? cap : cap(req.headers));
        const params = found.match.slice(1).map(pathParam);
        sendResult(res, await found.entry[2]({ params, query: url.searchParams, body, headers: req.headers }));
      } catch (error) {
        // The rest of a refused body is not read: the connection closes after the answer.
        if (!req.complete) res.setHeader('connection', 'close');
        sendError(res, error);
        if (!req.complete) res.once('finish', () => req.destroy());
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
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
