/**
 * Functions a test registers for `context.invoke`: durable handlers, and plain Lambda handlers
 * in either style (returning a promise, or answering through the Node callback).
 */
import { parseFunctionName } from '../../service/arn.js';
import { inProcessInvoker, type LambdaHandler } from '../../service/invokers/in-process-invoker.js';
import type { DurableExecutionService } from '../../service/service.js';
import type { CheckpointDurableExecutionRequest, GetDurableExecutionStateRequest } from '../../protocol.js';
import type { FunctionInvoker } from '../../service/invokers/invoker.js';

/** A durable handler (what `withDurableExecution` returns, from either SDK). */
export type DurableHandlerFunction = (event: any, context: any) => Promise<unknown>;

/** A plain Lambda handler, async or Node-callback style (the `aws-lambda` `Handler` shape). */
export type PlainLambdaHandler = (event: any, context: any, callback: (error?: unknown, result?: unknown) => void) => unknown;

interface Registered {
  durable: boolean;
  handler: LambdaHandler;
}

/** Registered chained-invoke targets of one runner. */
export class RegisteredFunctions {
  private readonly byName = new Map<string, Registered>();

  addDurable(name: string, handler: DurableHandlerFunction): void {
    this.byName.set(name, { durable: true, handler });
  }

  addPlain(name: string, handler: PlainLambdaHandler): void {
    this.byName.set(name, { durable: false, handler: callbackOrPromise(handler) });
  }

  /**
   * Registers every function on `service`, under the function name an ARN carries, so
   * `context.invoke('arn:aws:lambda:…:function:x', …)` and `context.invoke('x', …)` both reach it.
   */
  registerOn(service: DurableExecutionService, wrap: (invoker: FunctionInvoker) => FunctionInvoker, executionTimeoutSeconds: number): void {
    for (const [name, fn] of this.byName) {
      service.registerFunction({
        name: parseFunctionName(name).functionName,
        invoker: fn.durable ? wrap(inProcessInvoker(fn.handler, { echoLogs: true })) : inProcessInvoker(fn.handler, { echoLogs: true }),
        durable: fn.durable,
        executionTimeoutSeconds,
      });
    }
  }
}

/** A handler that may answer through the callback, the returned promise, or both (first wins). */
const callbackOrPromise =
  (handler: PlainLambdaHandler): LambdaHandler =>
  (event, context) =>
    new Promise((resolve, reject) => {
      const returned = handler(event, context, (error, result) => {
        if (error !== undefined && error !== null) reject(error instanceof Error ? error : new Error(typeof error === 'string' ? error : JSON.stringify(error)));
        else resolve(result);
      });
      if (isThenable(returned)) returned.then(resolve, reject);
    });

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';

/**
 * Delays every checkpoint (and state read) of a durable invocation by `delayMs` real
 * milliseconds, like a slow network to the service (`setupTestEnvironment({ checkpointDelay })`).
 */
export const withCheckpointDelay =
  (delayMs: number) =>
  (invoker: FunctionInvoker): FunctionInvoker => {
    if (!(delayMs > 0)) return invoker;
    const pause = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, delayMs));
    return (request) => {
      const { client } = request;
      if (!client) return invoker(request);
      return invoker({
        ...request,
        client: {
          checkpoint: async (req: CheckpointDurableExecutionRequest) => {
            await pause();
            return client.checkpoint(req);
          },
          getExecutionState: async (req: GetDurableExecutionStateRequest) => {
            await pause();
            return client.getExecutionState(req);
          },
        },
      });
    };
  };
