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
  /** Largest response body read; a larger one is refused as soon as it is seen (default {@link DEFAULT_MAX_RESPONSE_BYTES}). */
  maxResponseBytes?: number;
}

/**
 * Default response cap: 256 MiB. A state page holds at most 1 000 records, and the body must
 * stay well under V8's largest string (512 MiB), past which decoding throws inside a listener.
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 256 * 1024 * 1024;

/** Name of the error an oversized response raises (not retryable: the same answer would come back). */
export const RESPONSE_TOO_LARGE = 'ResponseTooLargeError';

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
      const max = exchange.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
      let received = 0;
      const tooLarge = (size: number): void => {
        clearTimers();
        const error = new Error(`The response from ${exchange.url.host} is ${size} bytes or more, over the ${max}-byte limit; it was not read.`);
        error.name = RESPONSE_TOO_LARGE;
        reject(error);
        request.destroy();
      };
      const declared = Number(response.headers['content-length']);
      if (Number.isFinite(declared) && declared > max) {
        tooLarge(declared);
        return;
      }
      response.on('data', (chunk: Buffer) => {
        received += chunk.byteLength;
        if (received > max) tooLarge(received);
        else chunks.push(chunk);
      });
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
        // Never throw from a listener: a failure to decode rejects the call instead.
        try {
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') });
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
    });
    request.end(exchange.body);
  });
}
