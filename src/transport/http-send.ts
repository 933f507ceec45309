/**
 * One HTTP exchange for the SDK-free Lambda API client: node:http / node:https loaded on first
 * use (import time stays low), keep-alive agents, a connection timeout and a request timeout
 * that destroys the socket.
 */
import type { Agent as HttpAgent } from 'node:http';

/** What came back. */
export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request to send. */
export interface HttpExchange {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body?: string;
  connectionTimeoutMs: number;
  requestTimeoutMs: number;
}

/** Name of the error a timeout raises (retryable, like the AWS SDK's `TimeoutError`). */
export const TIMEOUT_ERROR = 'TimeoutError';

type HttpModule = typeof import('node:http');

interface Transport {
  module: HttpModule;
  agent: HttpAgent;
}

const transports = new Map<string, Promise<Transport>>();

function transportFor(protocol: string): Promise<Transport> {
  let transport = transports.get(protocol);
  if (!transport) {
    transport = (protocol === 'https:' ? import('node:https') : import('node:http')).then((module) => ({
      module: module as HttpModule,
      agent: new module.Agent({ keepAlive: true, maxSockets: 50 }),
    }));
    transports.set(protocol, transport);
  }
  return transport;
}

const timeoutError = (message: string): Error => {
  const error = new Error(message);
  error.name = TIMEOUT_ERROR;
  return error;
};

/**
 * Sends `exchange` and reads the whole response.
 *
 * @example
 * ```ts
 * const response = await sendHttp({ url, method: 'GET', headers, connectionTimeoutMs: 5_000, requestTimeoutMs: 55_000 });
 * ```
 */
export async function sendHttp(exchange: HttpExchange): Promise<HttpResponse> {
  const { module, agent } = await transportFor(exchange.url.protocol);
  return new Promise<HttpResponse>((resolve, reject) => {
    const headers = { ...exchange.headers };
    if (exchange.body !== undefined) headers['content-length'] = String(Buffer.byteLength(exchange.body));
    const request = module.request(exchange.url, { method: exchange.method, headers, agent });
    const timers: NodeJS.Timeout[] = [];
    const clearTimers = (): void => timers.forEach((timer) => clearTimeout(timer));
    timers.push(
      setTimeout(() => request.destroy(timeoutError(`The request got no complete response within ${exchange.requestTimeoutMs} ms.`)), exchange.requestTimeoutMs),
    );
    request.on('socket', (socket) => {
      if (!socket.connecting) return;
      const timer = setTimeout(
        () => request.destroy(timeoutError(`Could not connect to ${exchange.url.host} within ${exchange.connectionTimeoutMs} ms.`)),
        exchange.connectionTimeoutMs,
      );
      timers.push(timer);
      socket.once('connect', () => clearTimeout(timer));
    });
    request.on('error', (error) => {
      clearTimers();
      reject(error);
    });
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', (error) => {
        clearTimers();
        reject(error);
      });
      response.on('close', () => {
        if (response.complete) return;
        clearTimers();
        reject(new Error(`The connection closed before the response from ${exchange.url.host} was complete.`));
      });
      response.on('end', () => {
        clearTimers();
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    request.end(exchange.body);
  });
}
