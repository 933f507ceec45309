/** Writes the HTTP front's answers: JSON (dates as epoch seconds), raw bytes, or an AWS-shaped error. */
import type { ServerResponse } from 'node:http';
import { DurableServiceError } from '../service-errors.js';
import type { RouteResult } from './route-types.js';

/** Serialises with Dates as epoch seconds, the restJson1 default. */
const toJson = (value: unknown): string =>
  JSON.stringify(value, function replacer(this: Record<string, unknown>, key: string, v: unknown) {
    const raw = this[key];
    return raw instanceof Date ? raw.getTime() / 1000 : v;
  });

/** Writes a route's result. */
export const sendResult = (res: ServerResponse, out: RouteResult): void => {
  const extra = out.headers ?? {};
  if (out.raw !== undefined) {
    res.writeHead(out.status ?? 200, { 'content-type': 'application/octet-stream', ...extra });
    res.end(out.raw);
  } else {
    res.writeHead(out.status ?? 200, { 'content-type': 'application/json', ...extra });
    res.end(toJson(out.body ?? {}));
  }
};

/** Writes an error the way the Lambda API does (`x-amzn-errortype` names it). */
export const sendError = (res: ServerResponse, error: unknown): void => {
  const e = error instanceof DurableServiceError ? error : new DurableServiceError('ServiceException', error instanceof Error ? error.message : String(error), 500);
  res.writeHead(e.statusCode, { 'content-type': 'application/json', 'x-amzn-errortype': e.name });
  res.end(JSON.stringify({ Type: e.statusCode >= 500 ? 'Service' : 'User', message: e.message }));
};
