/**
 * Invoker that runs each invocation in a fresh Node process which knows the service only
 * through `AWS_ENDPOINT_URL_LAMBDA` (the `sam local` arrangement): the SDK inside builds its own
 * Lambda client and checkpoints over HTTP. Output and crashes are captured per invocation.
 */
import { fork } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ErrorObject } from '../../protocol.js';
import type { CapturedLogLine, FunctionInvoker, InvocationOutcome } from './invoker.js';
import { lambdaContextFor } from './in-process-invoker.js';

const HOST_SOURCE = String.raw`
import { pathToFileURL } from 'node:url';
process.once('message', async (message) => {
  const errorObject = (e) => e instanceof Error ? { ErrorType: e.name, ErrorMessage: e.message } : { ErrorType: 'Error', ErrorMessage: String(e) };
  try {
    let handler = await import(pathToFileURL(message.modulePath).href);
    for (const key of message.exportPath) handler = handler == null ? undefined : handler[key];
    if (typeof handler !== 'function') throw new TypeError('Handler export not found: ' + message.exportPath.join('.'));
    const deadline = message.deadline;
    const context = { ...message.context, getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()), done() {}, fail() {}, succeed() {} };
    const value = await handler(message.event, context);
    process.send({ ok: true, value }, () => process.exit(0));
  } catch (error) {
    process.send({ ok: false, error: errorObject(error) }, () => process.exit(0));
  }
});
`;

let hostFile: string | undefined;
const hostPath = (): string => {
  hostFile ??= (() => {
    const file = join(mkdtempSync(join(tmpdir(), 'durable-lambda-host-')), 'host.mjs');
    writeFileSync(file, HOST_SOURCE);
    return file;
  })();
  return hostFile;
};

/** Options of {@link processInvoker}. */
export interface ProcessInvokerOptions {
  /** Absolute path of an ES module exporting the handler. */
  modulePath: string;
  /** Property path of the handler, e.g. `['handler']`. */
  exportPath: string[];
  /** Base URL of the service's HTTP front (becomes `AWS_ENDPOINT_URL_LAMBDA`). */
  endpointUrl: string;
  region?: string;
  /** Extra environment variables. */
  env?: Record<string, string>;
  /** Working directory of the process (module resolution of external packages). */
  cwd?: string;
}

/**
 * Invoker running every invocation in a new process that talks to the service over HTTP.
 *
 * @example
 * service.registerFunction({ name: 'fn', invoker: processInvoker({ modulePath, exportPath: ['handler'], endpointUrl: front.url }) });
 */
export const processInvoker = (options: ProcessInvokerOptions): FunctionInvoker => async (request) => {
  const lines: CapturedLogLine[] = [];
  const partial = { stdout: '', stderr: '' };
  const collect = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
    const parts = (partial[stream] + chunk.toString('utf8')).split('\n');
    partial[stream] = parts.pop() ?? '';
    for (const text of parts) lines.push({ stream, text, requestId: request.requestId });
  };
  const child = fork(hostPath(), [], {
    // A clean runtime: no loaders or flags inherited from the test process.
    execArgv: [],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
    env: {
      PATH: process.env.PATH ?? '',
      AWS_ENDPOINT_URL_LAMBDA: options.endpointUrl,
      AWS_REGION: options.region ?? 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_LAMBDA_FUNCTION_NAME: request.functionName,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      ...options.env,
    },
  });
  child.stdout?.on('data', collect('stdout'));
  child.stderr?.on('data', collect('stderr'));
  const { getRemainingTimeInMillis: _r, done: _d, fail: _f, succeed: _s, ...context } = lambdaContextFor(request);
  return new Promise<InvocationOutcome>((resolve) => {
    let reply: { ok: boolean; value?: unknown; error?: ErrorObject } | undefined;
    let timedOut = false;
    // Lambda kills an invocation at its function timeout; so does this host (real time).
    const killer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, Math.min(Math.max(0, request.deadline - Date.now()), 2 ** 31 - 1));
    child.on('message', (m) => {
      reply = m as typeof reply;
    });
    child.on('close', (code) => {
      clearTimeout(killer);
      for (const stream of ['stdout', 'stderr'] as const) {
        if (partial[stream] !== '') lines.push({ stream, text: partial[stream], requestId: request.requestId });
      }
      if (timedOut && !reply) {
        resolve({ kind: 'crashed', error: { ErrorType: 'Sandbox.Timedout', ErrorMessage: `RequestId: ${request.requestId} Error: Task timed out` }, logs: lines });
      } else if (reply?.ok === true) resolve({ kind: 'returned', value: reply.value, logs: lines });
      else if (reply) resolve({ kind: 'threw', error: reply.error ?? {}, logs: lines });
      else {
        resolve({
          kind: 'crashed',
          error: { ErrorType: 'Runtime.ExitError', ErrorMessage: `RequestId: ${request.requestId} Error: Runtime exited with error: exit status ${code ?? 'signal'}` },
          logs: lines,
        });
      }
    });
    child.send({
      modulePath: options.modulePath,
      exportPath: options.exportPath,
      // The event is plain JSON: the SDK in the child must find the service through HTTP.
      event: request.event,
      deadline: request.deadline,
      context,
    });
  });
};
