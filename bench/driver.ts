/**
 * Drives one execution the way Lambda and the service would: invoke, and while the handler
 * answers PENDING, move the service clock forward and invoke again with the new state.
 */
import { InvocationStatus, type DurableExecutionInvocationInput, type DurableExecutionInvocationOutput } from '../src/protocol.js';
import type { MemoryCheckpointService } from './memory-client.js';
import { nowNs } from './stats.js';

/** The Lambda context fields the SDKs read. */
export interface BenchLambdaContext {
  awsRequestId: string;
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  logGroupName: string;
  logStreamName: string;
  callbackWaitsForEmptyEventLoop: boolean;
  getRemainingTimeInMillis(): number;
}

/** A Lambda context with a 15-minute budget starting now. */
export const benchLambdaContext = (): BenchLambdaContext => {
  const deadline = Date.now() + 15 * 60 * 1000;
  return {
    awsRequestId: 'bench-request',
    functionName: 'bench',
    functionVersion: '1',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:bench:1',
    memoryLimitInMB: '1024',
    logGroupName: '/aws/lambda/bench',
    logStreamName: 'bench',
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => deadline - Date.now(),
  };
};

/** Options of {@link runExecution}. */
export interface RunExecutionOptions {
  handler: (event: DurableExecutionInvocationInput, context: BenchLambdaContext) => Promise<DurableExecutionInvocationOutput>;
  service: MemoryCheckpointService;
  /** How far the clock jumps between invocations (long enough for the scenario's waits). */
  clockStepMs?: number;
  maxInvocations?: number;
}

/** Outcome of a whole execution. */
export interface ExecutionRun {
  output: DurableExecutionInvocationOutput;
  invocations: number;
  /** Time spent inside the handler, summed over invocations (event building excluded). */
  handlerMs: number;
}

/** Invokes until the execution ends; throws if it does not end within `maxInvocations`. */
export const runExecution = async (options: RunExecutionOptions): Promise<ExecutionRun> => {
  const maxInvocations = options.maxInvocations ?? 10;
  let handlerNs = 0n;
  for (let invocation = 1; invocation <= maxInvocations; invocation += 1) {
    const event = options.service.invocationEvent();
    const context = benchLambdaContext();
    const start = nowNs();
    const output = await options.handler(event, context);
    handlerNs += nowNs() - start;
    if (output.Status !== InvocationStatus.PENDING) return { output, invocations: invocation, handlerMs: Number(handlerNs) / 1e6 };
    options.service.advanceClock(options.clockStepMs ?? 24 * 60 * 60 * 1000);
  }
  throw new Error(`execution did not end within ${maxInvocations} invocations`);
};

/** Throws unless the execution succeeded with exactly this (JSON) result. */
export const expectSucceeded = (run: ExecutionRun, expected: unknown): void => {
  const { output } = run;
  if (output.Status !== InvocationStatus.SUCCEEDED) {
    const detail = output.Status === InvocationStatus.FAILED ? `: ${output.Error.ErrorType ?? ''} ${output.Error.ErrorMessage ?? ''}` : '';
    throw new Error(`execution ended ${output.Status}${detail}`);
  }
  const wanted = JSON.stringify(expected);
  if (output.Result !== wanted) throw new Error(`execution returned ${output.Result ?? 'nothing'}, expected ${wanted}`);
};
