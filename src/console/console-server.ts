/**
 * Serving the console: on its own loopback server (`durable-lambda console`), or inside the
 * local service's HTTP front at `/` (`serve`, `npm start -- --serve`). Both go through the shared
 * request guard and hand out a per-start token in the printed URL.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequestGuard } from '../service/http/request-guard.js';
import { createConsoleHandler } from './console-handler.js';
import { createLambdaApi, type ConsoleLambdaApi, type LambdaApiTarget } from './lambda-api.js';
import { createPayloadSources, type PayloadSourceOptions } from './payload-sources.js';

/** What the console is pointed at and allowed to do. */
export interface ConsoleOptions {
  /** The Lambda API: an endpoint (a serve) or AWS (region, profile). */
  target: LambdaApiTarget;
  /** Stop, callbacks and start allowed (default: only against a local endpoint). */
  allowActions?: boolean;
  /** Key and blob store for reveals (none: payloads are only described). */
  payloads?: PayloadSourceOptions;
  /** Functions to list instead of asking ListFunctions. */
  functions?: readonly string[];
}

/** A console being served. */
export interface RunningConsole {
  /** The URL to open: carries the per-start token in its fragment (never sent to a server log). */
  url: string;
  token: string;
  close(): Promise<void>;
}

const newToken = (): string => randomBytes(24).toString('base64url');

const hasPayloadOptions = (p: PayloadSourceOptions | undefined): p is PayloadSourceOptions =>
  p !== undefined && Object.values(p).some((v) => v !== undefined && !(Array.isArray(v) && v.length === 0));

const handlerFor = async (options: ConsoleOptions, token: string): Promise<{ handler: RequestListener; api: ConsoleLambdaApi }> => {
  const api = await createLambdaApi(options.target);
  const local = options.target.endpoint !== undefined && /^https?:\/\/(127\.|localhost|\[::1\])/.test(options.target.endpoint);
  const sources = hasPayloadOptions(options.payloads) ? await createPayloadSources({ ...options.payloads, ...(options.target.region ? { region: options.target.region } : {}) }) : undefined;
  const handler = createConsoleHandler({
    api,
    token,
    allowActions: options.allowActions ?? local,
    ...(sources ? { sources } : {}),
    ...(options.functions && options.functions.length > 0 ? { functions: options.functions } : {}),
  });
  return { handler, api };
};

/**
 * Starts the console on its own server (loopback unless `host` says otherwise).
 *
 * @example
 * const running = await startConsoleServer({ target: { endpoint: 'http://127.0.0.1:9014' }, port: 9015 });
 * console.log(`open ${running.url}`);
 */
export const startConsoleServer = async (options: ConsoleOptions & { host?: string; port?: number; allowedHosts?: readonly string[] }): Promise<RunningConsole> => {
  const token = newToken();
  const { handler, api } = await handlerFor(options, token);
  const host = options.host ?? '127.0.0.1';
  const guard = createRequestGuard({ boundHost: host, ...(options.allowedHosts ? { allowedHosts: options.allowedHosts } : {}) });
  const server = createServer((req, res) => {
    const refusal = guard.check(req);
    if (refusal) {
      res.writeHead(refusal.status, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
      res.end(refusal.message);
      return;
    }
    handler(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return {
    url: `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}/#token=${token}`,
    token,
    close: () =>
      new Promise((resolve) => {
        api.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};

/**
 * The console inside another server (the local service's HTTP front): `fallback` goes into
 * `startHttpFront({ fallback })`; `attach(url)` points the console at that server's own API once
 * it listens.
 *
 * @example
 * const mounted = mountConsole({ payloads: { keyFiles: ['.durable-lambda/dev.key'] } });
 * const front = await startHttpFront({ service, fallback: mounted.fallback });
 * const { url } = await mounted.attach(front.url);
 */
export const mountConsole = (options: Omit<ConsoleOptions, 'target'> & { target?: Omit<LambdaApiTarget, 'endpoint'> }): {
  fallback: RequestListener;
  attach(serverUrl: string): Promise<RunningConsole>;
} => {
  let handler: RequestListener | undefined;
  return {
    fallback: (req, res) => {
      if (handler) return handler(req, res);
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('The console is starting.');
    },
    async attach(serverUrl) {
      // A wildcard bind is reached on loopback.
      serverUrl = serverUrl.replace(/^http:\/\/(0\.0\.0\.0|\[::\])(?=:)/, 'http://127.0.0.1');
      const token = newToken();
      const built = await handlerFor({ ...options, target: { ...options.target, endpoint: serverUrl }, allowActions: options.allowActions ?? true }, token);
      handler = built.handler;
      return {
        url: `${serverUrl}/#token=${token}`,
        token,
        close: async () => {
          handler = undefined;
          built.api.close();
        },
      };
    },
  };
};
