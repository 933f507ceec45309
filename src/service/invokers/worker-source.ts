/**
 * Source of the worker thread that hosts a bundled handler module. Kept as plain JavaScript
 * text so it runs from TypeScript sources (tests) and from the built package alike.
 *
 * Why a worker: a handler may crash its "process" (`process.exit`) the way a Lambda runtime
 * does; inside a worker that ends only the worker, which the service records as
 * `Runtime.ExitError` and replaces, like Lambda replacing a dead execution environment.
 */
export const WORKER_SOURCE = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const { format } = require('node:util');
const { pathToFileURL } = require('node:url');

const post = (message) => parentPort.postMessage(message);
const emit = (stream, text) => post({ type: 'log', stream, text });
for (const stream of ['stdout', 'stderr']) {
  process[stream].write = (chunk, ...rest) => {
    emit(stream, typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    const cb = rest.find((r) => typeof r === 'function');
    if (cb) cb();
    return true;
  };
}
const consoleStreams = { log: 'stdout', info: 'stdout', debug: 'stdout', trace: 'stderr', warn: 'stderr', error: 'stderr' };
for (const [method, stream] of Object.entries(consoleStreams)) {
  console[method] = (...args) => emit(stream, format(...args) + '\n');
}

class DurableExecutionInvocationInputWithClient {
  constructor(event, client) {
    this.DurableExecutionArn = event.DurableExecutionArn;
    this.CheckpointToken = event.CheckpointToken;
    this.InitialExecutionState = event.InitialExecutionState;
    if (event.UpdatedOperationIds !== undefined) this.UpdatedOperationIds = event.UpdatedOperationIds;
    this.durableExecutionClient = client;
  }
  get [Symbol.toStringTag]() {
    return 'DurableExecutionInvocationInputWithClient';
  }
}

let nextCallId = 0;
const pendingCalls = new Map();
const call = (method, request) =>
  new Promise((resolve, reject) => {
    const id = ++nextCallId;
    pendingCalls.set(id, { resolve, reject });
    post({ type: 'call', id, method, request });
  });
const client = {
  checkpoint: (request) => call('checkpoint', request),
  getExecutionState: (request) => call('getExecutionState', request),
};

const modulePromise = import(pathToFileURL(workerData.modulePath).href);

const errorObject = (e) =>
  e instanceof Error ? { ErrorType: e.name, ErrorMessage: e.message } : { ErrorType: 'Error', ErrorMessage: String(e) };

parentPort.on('message', async (message) => {
  if (message.type === 'reply') {
    const pending = pendingCalls.get(message.id);
    pendingCalls.delete(message.id);
    if (!pending) return;
    if (message.ok) pending.resolve(message.value);
    else {
      const error = new Error(message.error.message);
      error.name = message.error.name;
      error.$metadata = { httpStatusCode: message.error.statusCode };
      error.$fault = message.error.statusCode >= 500 ? 'server' : 'client';
      pending.reject(error);
    }
    return;
  }
  if (message.type !== 'invoke') return;
  const { requestId } = message;
  try {
    const mod = await modulePromise;
    let handler = mod;
    for (const key of message.exportPath) handler = handler == null ? undefined : handler[key];
    if (typeof handler !== 'function') throw new TypeError('Handler export not found: ' + message.exportPath.join('.'));
    const event = message.durable ? new DurableExecutionInvocationInputWithClient(message.event, client) : message.event;
    const deadline = message.deadline;
    const context = { ...message.context, getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
      done() {}, fail() {}, succeed() {} };
    const value = await handler(event, context);
    post({ type: 'done', requestId, ok: true, value });
  } catch (error) {
    post({ type: 'done', requestId, ok: false, error: errorObject(error) });
  }
});
`;
