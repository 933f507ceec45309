/**
 * Runs a handler in the calling process. Durable handlers receive the wire event as an instance
 * of a class the official SDK recognises as "event with an injected client", so both the
 * official SDK and ours talk to the service directly instead of through HTTP.
 */
import type { CheckpointDurableExecutionRequest, GetDurableExecutionStateRequest } from '../../protocol.js';
import { errorObjectOf, type FunctionInvoker, type InvocationRequest, type ServiceDurableClient } from './invoker.js';
import { captureLogs } from './log-capture.js';

/** Any Lambda-style handler: `(event, context) => Promise<result>`. */
export type LambdaHandler = (event: any, context: any) => unknown;

/**
 * The event type SDKs treat as carrying its own durable-execution client. The official SDK
 * checks the class name and the `toString()` tag structurally, so the name must stay exactly this.
 *
 * @example
 * const event = new DurableExecutionInvocationInputWithClient(wireEvent, { checkpoint, getExecutionState });
 * await handler(event, lambdaContext);
 */
export class DurableExecutionInvocationInputWithClient {
  readonly DurableExecutionArn: string;
  readonly CheckpointToken: string;
  readonly InitialExecutionState: unknown;
  readonly UpdatedOperationIds?: string[];
  readonly durableExecutionClient: {
    checkpoint(req: CheckpointDurableExecutionRequest, logger?: unknown): Promise<unknown>;
    getExecutionState(req: GetDurableExecutionStateRequest, logger?: unknown): Promise<unknown>;
  };

  constructor(event: Record<string, any>, client: ServiceDurableClient) {
    this.DurableExecutionArn = event.DurableExecutionArn;
    this.CheckpointToken = event.CheckpointToken;
    this.InitialExecutionState = event.InitialExecutionState;
    if (event.UpdatedOperationIds !== undefined) this.UpdatedOperationIds = event.UpdatedOperationIds;
    this.durableExecutionClient = {
      checkpoint: (req) => client.checkpoint(req),
      getExecutionState: (req) => client.getExecutionState(req),
    };
  }

  get [Symbol.toStringTag](): string {
    return 'DurableExecutionInvocationInputWithClient';
  }
}

/** A Lambda context object for one invocation. */
export const lambdaContextFor = (request: InvocationRequest): Record<string, unknown> => ({
  awsRequestId: request.requestId,
  functionName: request.functionName,
  functionVersion: '$LATEST',
  invokedFunctionArn: request.executionArn.split('/durable-execution/')[0],
  memoryLimitInMB: '128',
  logGroupName: `/aws/lambda/${request.functionName}`,
  logStreamName: 'local',
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => Math.max(0, request.deadline - Date.now()),
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
});

/** Options of {@link inProcessInvoker}. */
export interface InProcessInvokerOptions {
  /** Also write captured output to the real streams (default false). */
  echoLogs?: boolean;
}

/**
 * Invoker that calls `handler` in this process with captured logs.
 *
 * @example
 * service.registerFunction({ name: 'fn', invoker: inProcessInvoker(withDurableExecution(h)) });
 */
export const inProcessInvoker = (handler: LambdaHandler, options: InProcessInvokerOptions = {}): FunctionInvoker =>
  async (request) => {
    const event = request.client
      ? new DurableExecutionInvocationInputWithClient(request.event as Record<string, any>, request.client)
      : request.event;
    const context = lambdaContextFor(request);
    const run = await captureLogs(request.requestId, options.echoLogs === true, async () => handler(event, context));
    if ('error' in run) return { kind: 'threw', error: errorObjectOf(run.error), logs: run.lines };
    return { kind: 'returned', value: run.value, logs: run.lines };
  };
