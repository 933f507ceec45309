/**
 * Loopback HTTP front of the local service: the Lambda REST routes for durable executions and
 * an Invoke route, in the wire format `@aws-sdk/client-lambda` speaks (restJson1, timestamps as
 * epoch seconds, errors named by the `x-amzn-errortype` header). The routes, body reader, value
 * parsing and response writing live in their own modules beside this one.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DurableServiceError } from '../service-errors.js';
import type { DurableExecutionService } from '../service.js';
import { readBody } from './body-reader.js';
import { sendError, sendResult } from './response-writer.js';
import { buildRoutes } from './routes.js';

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
          sendResult(res, await route({ params, query: url.searchParams, body, headers: req.headers }));
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
