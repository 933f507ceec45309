/**
 * Invoker that runs a handler exported by an ES module file in worker threads: one warm
 * worker per concurrent invocation, replaced when it dies. Captures output per invocation.
 */
import { Worker } from 'node:worker_threads';
import type { CapturedLogLine, FunctionInvoker, InvocationOutcome, InvocationRequest } from './invoker.js';
import { lambdaContextFor } from './in-process-invoker.js';
import { DurableServiceError } from '../service-errors.js';
import { WORKER_SOURCE } from './worker-source.js';

/** Options of {@link workerInvoker}. */
export interface WorkerInvokerOptions {
  /** Absolute path of an ES module (e.g. an esbuild bundle). */
  modulePath: string;
  /** Property path of the handler in the module, e.g. `['handler']` or `['functions', 'child']`. */
  exportPath: string[];
  /** Whether the function gets durable envelopes (default true). */
  durable?: boolean;
}

interface WorkerMessage {
  type: 'log' | 'call' | 'done';
  stream?: 'stdout' | 'stderr';
  text?: string;
  id?: number;
  method?: 'checkpoint' | 'getExecutionState';
  request?: any;
  requestId?: string;
  ok?: boolean;
  value?: unknown;
  error?: { ErrorType?: string; ErrorMessage?: string };
}

/**
 * A pool of workers for one function; call {@link WorkerPool.close} when done.
 *
 * @example
 * const pool = new WorkerPool({ modulePath: '/abs/bundle.mjs', exportPath: ['handler'] });
 * service.registerFunction({ name: 'fn', invoker: pool.invoker });
 * // ...
 * await pool.close();
 */
export class WorkerPool {
  private readonly idle: Worker[] = [];
  private readonly all = new Set<Worker>();

  constructor(private readonly options: WorkerInvokerOptions) {}

  /** The invoker backed by this pool. */
  readonly invoker: FunctionInvoker = (request) => this.run(request);

  private spawn(): Worker {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { modulePath: this.options.modulePath }, stdout: true, stderr: true });
    // Output is reported through messages; the piped streams are drained and dropped.
    worker.stdout.resume();
    worker.stderr.resume();
    this.all.add(worker);
    worker.once('exit', () => {
      this.all.delete(worker);
      const i = this.idle.indexOf(worker);
      if (i >= 0) this.idle.splice(i, 1);
    });
    return worker;
  }

  private run(request: InvocationRequest): Promise<InvocationOutcome> {
    const worker = this.idle.pop() ?? this.spawn();
    const lines: CapturedLogLine[] = [];
    const partial = { stdout: '', stderr: '' };
    const pushText = (stream: 'stdout' | 'stderr', text: string): void => {
      const parts = (partial[stream] + text).split('\n');
      partial[stream] = parts.pop() ?? '';
      for (const line of parts) lines.push({ stream, text: line, requestId: request.requestId });
    };
    const flush = (): CapturedLogLine[] => {
      for (const stream of ['stdout', 'stderr'] as const) {
        if (partial[stream] !== '') lines.push({ stream, text: partial[stream], requestId: request.requestId });
        partial[stream] = '';
      }
      return lines;
    };
    return new Promise<InvocationOutcome>((resolve) => {
      let timedOut = false;
      // Lambda kills an invocation at its timeout; so does this host (real time).
      const killer = setTimeout(() => {
        timedOut = true;
        void worker.terminate();
      }, Math.min(Math.max(0, request.deadline - Date.now()), 2 ** 31 - 1));
      killer.unref();
      const cleanup = (): void => {
        clearTimeout(killer);
        worker.off('message', onMessage);
        worker.off('exit', onExit);
        worker.off('error', onError);
      };
      const onMessage = (message: WorkerMessage): void => {
        if (message.type === 'log') pushText(message.stream ?? 'stdout', message.text ?? '');
        else if (message.type === 'call') void this.serve(worker, request, message);
        else if (message.type === 'done' && message.requestId === request.requestId) {
          cleanup();
          this.idle.push(worker);
          resolve(message.ok === true
            ? { kind: 'returned', value: message.value, logs: flush() }
            : { kind: 'threw', error: message.error ?? {}, logs: flush() });
        }
      };
      let uncaught: Error | undefined;
      const onError = (error: Error): void => {
        uncaught = error;
      };
      const onExit = (code: number): void => {
        cleanup();
        const error = timedOut
          ? { ErrorType: 'Sandbox.Timedout', ErrorMessage: `RequestId: ${request.requestId} Error: Task timed out` }
          : uncaught
            ? { ErrorType: uncaught.name, ErrorMessage: uncaught.message }
            : { ErrorType: 'Runtime.ExitError', ErrorMessage: `RequestId: ${request.requestId} Error: Runtime exited with error: exit status ${code}` };
        resolve({ kind: 'crashed', error, logs: flush() });
      };
      worker.on('message', onMessage);
      worker.on('exit', onExit);
      worker.on('error', onError);
      const { getRemainingTimeInMillis: _r, done: _d, fail: _f, succeed: _s, ...context } = lambdaContextFor(request);
      worker.postMessage({
        type: 'invoke',
        requestId: request.requestId,
        event: request.event,
        durable: request.client !== undefined && this.options.durable !== false,
        exportPath: this.options.exportPath,
        deadline: request.deadline,
        context,
      });
    });
  }

  private async serve(worker: Worker, request: InvocationRequest, message: WorkerMessage): Promise<void> {
    const client = request.client;
    try {
      if (!client) throw new Error('This function is not durable: no durable-execution client');
      const value = message.method === 'checkpoint' ? await client.checkpoint(message.request) : await client.getExecutionState(message.request);
      worker.postMessage({ type: 'reply', id: message.id, ok: true, value });
    } catch (error) {
      const e = error as Partial<DurableServiceError> & Error;
      const statusCode = error instanceof DurableServiceError ? error.statusCode : 500;
      worker.postMessage({ type: 'reply', id: message.id, ok: false, error: { name: e.name, message: e.message, statusCode } });
    }
  }

  /** Terminates every worker. */
  async close(): Promise<void> {
    await Promise.all([...this.all].map((w) => w.terminate()));
    this.idle.length = 0;
  }
}
