/**
 * The console's HTTP handler: the page, its assets and a small JSON API that the page calls.
 * Every answer comes from the public Lambda API ({@link ConsoleLambdaApi}); payloads are decoded
 * here, in Node, only on a reveal request. Requests reach this handler after the shared request
 * guard (Host, Origin); state-changing ones also need the per-start token.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { BodyRefusedError, readCappedBody } from '../service/http/request-guard.js';
import { loadConsoleAssets } from './console-assets.js';
import { buildExecutionView } from './execution-view.js';
import type { ConsoleLambdaApi } from './lambda-api.js';
import type { PayloadSources } from './payload-sources.js';
import { revealPayloads } from './reveal.js';
import type { ConsoleInfo, FunctionItem } from './view-types.js';

/** Options of {@link createConsoleHandler}. */
export interface ConsoleHandlerOptions {
  api: ConsoleLambdaApi;
  /** The per-start token state-changing requests must carry (`x-console-token`). */
  token: string;
  /** Stop, callbacks and start allowed. */
  allowActions: boolean;
  /** Decoding sources for reveals; without them payloads stay described only. */
  sources?: PayloadSources;
  /** Functions to list; ListFunctions is asked when absent. */
  functions?: readonly string[];
}

/** Largest JSON body of a console request (a callback result is at most 256 KiB; inputs up to 1 MiB). */
const MAX_BODY_BYTES = 1024 * 1024 + 16 * 1024;

const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
};

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>durable-lambda console</title>
<link rel="stylesheet" href="/assets/console.css">
</head>
<body>
<div id="app"><p>Loading the durable console…</p></div>
<script src="/assets/console.js"></script>
</body>
</html>
`;

/** An error answered to the page with its status. */
class ConsoleRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const send = (res: ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}): void => {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': type, ...extra });
  res.end(body);
};

const sendJson = (res: ServerResponse, status: number, value: unknown, extra: Record<string, string> = {}): void =>
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value), extra);

const sameToken = (given: string | string[] | undefined, token: string): boolean => {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
};

const stringField = (body: Record<string, unknown>, name: string, required = true): string | undefined => {
  const value = body[name];
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string' || (required && value === '')) throw new ConsoleRequestError(400, `"${name}" must be a string`);
  return value;
};

const dateParam = (query: URLSearchParams, name: string): Date | undefined => {
  const value = query.get(name);
  if (value === null || value === '') return undefined;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw new ConsoleRequestError(400, `"${name}" is not a date: ${value}`);
  return d;
};

/** The message and status of an API error, without anything but its name and message. */
const apiFailure = (error: unknown): { status: number; message: string } => {
  if (error instanceof ConsoleRequestError) return { status: error.status, message: error.message };
  const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const upstream = e.$metadata?.httpStatusCode;
  const status = upstream !== undefined && upstream >= 400 && upstream < 500 ? upstream : 502;
  return { status, message: `${e.name ?? 'Error'}: ${(e.message ?? String(error)).split('\n')[0]}` };
};

/**
 * Creates the console's request handler (mount it behind the request guard).
 *
 * @example
 * const handler = createConsoleHandler({ api: await createLambdaApi({ endpoint }), token, allowActions: true });
 * startHttpFront({ service, fallback: handler });
 */
export const createConsoleHandler = (options: ConsoleHandlerOptions): RequestListener => {
  const { api } = options;
  let functions: Promise<FunctionItem[]> | undefined;
  const listFunctions = (): Promise<FunctionItem[]> => {
    if (options.functions) return Promise.resolve(options.functions.map((name) => ({ name })));
    functions ??= api.listFunctions();
    functions.catch(() => {
      functions = undefined;
    });
    return functions;
  };

  const requireAction = (): void => {
    if (!options.allowActions) throw new ConsoleRequestError(403, 'Actions are off for this console (start it with --allow-actions).');
  };

  const readJson = async (req: IncomingMessage): Promise<Record<string, unknown>> => {
    if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) throw new ConsoleRequestError(415, 'Console requests are application/json.');
    const body = await readCappedBody(req, MAX_BODY_BYTES);
    try {
      const value: unknown = JSON.parse(body.toString('utf8'));
      if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('not an object');
      return value as Record<string, unknown>;
    } catch {
      throw new ConsoleRequestError(400, 'The request body is not a JSON object.');
    }
  };

  const get = async (path: string, query: URLSearchParams, res: ServerResponse): Promise<void> => {
    switch (path) {
      case '/api/info': {
        const info: ConsoleInfo = { target: api.description, actions: options.allowActions, canReveal: options.sources !== undefined, functions: await listFunctions() };
        return sendJson(res, 200, info);
      }
      case '/api/executions': {
        const functionName = query.get('function');
        if (functionName === null || functionName === '') throw new ConsoleRequestError(400, '"function" is required');
        const maxItems = Number(query.get('max') ?? '50');
        const after = dateParam(query, 'after');
        const before = dateParam(query, 'before');
        const marker = query.get('marker');
        const name = query.get('name');
        return sendJson(res, 200, await api.listExecutions({
          functionName,
          statuses: query.getAll('status').filter((s) => s !== ''),
          ...(name !== null && name !== '' ? { name } : {}),
          ...(after ? { startedAfter: after } : {}),
          ...(before ? { startedBefore: before } : {}),
          ...(marker !== null && marker !== '' ? { marker } : {}),
          maxItems: Number.isInteger(maxItems) && maxItems > 0 && maxItems <= 1000 ? maxItems : 50,
        }));
      }
      case '/api/execution': {
        const arn = query.get('arn') ?? '';
        const [execution, events] = await Promise.all([api.getExecution(arn), api.history(arn)]);
        return sendJson(res, 200, buildExecutionView({
          arn, status: execution.status, events, actions: options.allowActions, ...(execution.name !== undefined ? { name: execution.name } : {}),
        }));
      }
      case '/api/export': {
        const arn = query.get('arn') ?? '';
        const [execution, events] = await Promise.all([api.getExecution(arn), api.history(arn)]);
        const fileName = `${(execution.name ?? 'execution').replace(/[^A-Za-z0-9._-]/g, '_')}.history.json`;
        // The document `durable-lambda history --json` prints and `decode --history @file` reads.
        return sendJson(res, 200, { DurableExecutionArn: arn, Status: execution.status, Events: events }, { 'content-disposition': `attachment; filename="${fileName}"` });
      }
      default:
        throw new ConsoleRequestError(404, `No console route ${path}`);
    }
  };

  const post = async (path: string, req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!sameToken(req.headers['x-console-token'], options.token)) {
      throw new ConsoleRequestError(403, 'Missing or wrong console token: open the console from the URL it printed.');
    }
    const body = await readJson(req);
    switch (path) {
      case '/api/reveal': {
        if (!options.sources) throw new ConsoleRequestError(400, 'No key or blob store configured: start the console with --key-file/--kms-key and --store-dir/--s3-bucket.');
        const arn = stringField(body, 'arn') ?? '';
        return sendJson(res, 200, await revealPayloads({ arn, events: await api.history(arn), sources: options.sources }));
      }
      case '/api/stop': {
        requireAction();
        await api.stop(stringField(body, 'arn') ?? '', { ErrorType: 'StoppedFromConsole', ErrorMessage: 'Stopped from the durable console' });
        return sendJson(res, 200, {});
      }
      case '/api/callback': {
        requireAction();
        const callbackId = stringField(body, 'callbackId') ?? '';
        const outcome = stringField(body, 'outcome');
        if (outcome === 'success') {
          const result = stringField(body, 'result', false) ?? 'null';
          try {
            JSON.parse(result);
          } catch {
            throw new ConsoleRequestError(400, 'The callback result must be JSON.');
          }
          await api.callbackSuccess(callbackId, result);
        } else if (outcome === 'failure') {
          const errorType = stringField(body, 'errorType', false);
          const errorMessage = stringField(body, 'errorMessage', false);
          await api.callbackFailure(callbackId, { ...(errorType ? { ErrorType: errorType } : {}), ...(errorMessage ? { ErrorMessage: errorMessage } : {}) });
        } else if (outcome === 'heartbeat') {
          await api.callbackHeartbeat(callbackId);
        } else {
          throw new ConsoleRequestError(400, '"outcome" must be success, failure or heartbeat');
        }
        return sendJson(res, 200, {});
      }
      case '/api/start': {
        requireAction();
        const input = stringField(body, 'input', false) ?? '{}';
        try {
          JSON.parse(input);
        } catch {
          throw new ConsoleRequestError(400, 'The input must be JSON.');
        }
        return sendJson(res, 200, { arn: await api.start(stringField(body, 'function') ?? '', input, stringField(body, 'name', false)) });
      }
      case '/api/start-again': {
        requireAction();
        const arn = stringField(body, 'arn') ?? '';
        const execution = await api.getExecution(arn);
        const functionName = /:function:([^:/]+)/.exec(arn)?.[1];
        if (functionName === undefined) throw new ConsoleRequestError(400, 'Not an execution ARN.');
        return sendJson(res, 200, { arn: await api.start(functionName, execution.input ?? '{}', stringField(body, 'name', false)) });
      }
      default:
        throw new ConsoleRequestError(404, `No console route ${path}`);
    }
  };

  return (req, res) => {
    void (async () => {
      try {
        const url = new URL(req.url ?? '/', 'http://console.invalid');
        const path = url.pathname;
        if (req.method === 'GET' && (path === '/' || path === '/index.html')) return send(res, 200, 'text/html; charset=utf-8', PAGE);
        if (req.method === 'GET' && path === '/assets/console.js') return send(res, 200, 'text/javascript; charset=utf-8', (await loadConsoleAssets()).script);
        if (req.method === 'GET' && path === '/assets/console.css') return send(res, 200, 'text/css; charset=utf-8', (await loadConsoleAssets()).style);
        if (req.method === 'GET' && path.startsWith('/api/')) return await get(path, url.searchParams, res);
        if (req.method === 'POST' && path.startsWith('/api/')) return await post(path, req, res);
        throw new ConsoleRequestError(path.startsWith('/api/') ? 405 : 404, `No console route ${req.method} ${path}`);
      } catch (error) {
        if (res.headersSent) {
          res.destroy();
          return;
        }
        if (error instanceof BodyRefusedError) return sendJson(res, error.refusal.status, { error: error.refusal.message }, { connection: 'close' });
        const failure = apiFailure(error);
        sendJson(res, failure.status, { error: failure.message });
      }
    })();
  };
};
