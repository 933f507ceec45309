/** Shapes shared by the HTTP front's routes. */
import type { IncomingMessage } from 'node:http';

/** What a route receives. */
export interface RouteRequest {
  params: string[];
  query: URLSearchParams;
  body: Buffer;
  headers: IncomingMessage['headers'];
}

/** What a route answers: a JSON `body`, or `raw` bytes. */
export interface RouteResult {
  status?: number;
  body?: unknown;
  raw?: Buffer;
  headers?: Record<string, string>;
}

/** One route handler. */
export type Route = (request: RouteRequest) => Promise<RouteResult>;

/**
 * A route table entry: method, path pattern (groups are the params), handler, and the largest
 * request body the route accepts (bytes), or a function of the headers when it depends on them.
 */
export type RouteEntry = [method: string, pattern: RegExp, route: Route, maxBodyBytes: number | ((headers: IncomingMessage['headers']) => number)];
