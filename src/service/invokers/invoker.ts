/**
 * The port between the service and the code it runs. An invoker runs one Lambda invocation of
 * a function (in-process, in a worker thread, or anywhere else) and reports how it ended.
 */
import type {
  CheckpointDurableExecutionRequest,
  CheckpointDurableExecutionResponse,
  ErrorObject,
  GetDurableExecutionStateRequest,
  GetDurableExecutionStateResponse,
} from '../../protocol.js';

/** The two calls an SDK makes during an invocation, served directly by the local service. */
export interface ServiceDurableClient {
  checkpoint(request: CheckpointDurableExecutionRequest): Promise<CheckpointDurableExecutionResponse>;
  getExecutionState(request: GetDurableExecutionStateRequest): Promise<GetDurableExecutionStateResponse>;
}

/** One line a function wrote to stdout or stderr during an invocation. */
export interface CapturedLogLine {
  stream: 'stdout' | 'stderr';
  text: string;
  requestId: string;
}

/** What an invoker is asked to run. */
export interface InvocationRequest {
  /** The Lambda event, plain JSON (a durable envelope for durable functions, the input otherwise). */
  event: unknown;
  /** Present for durable functions: the service's API for this execution. */
  client?: ServiceDurableClient;
  requestId: string;
  functionName: string;
  executionArn: string;
  /** Epoch ms (real time) at which Lambda would kill the invocation. */
  deadline: number;
}

/** How an invocation ended. */
export type InvocationOutcome =
  | { kind: 'returned'; value: unknown; logs?: CapturedLogLine[] }
  | { kind: 'threw'; error: ErrorObject; logs?: CapturedLogLine[] }
  | { kind: 'crashed'; error: ErrorObject; logs?: CapturedLogLine[] };

/** Runs one invocation. Must never reject: failures are outcomes. */
export type FunctionInvoker = (request: InvocationRequest) => Promise<InvocationOutcome>;

/** Error object Lambda reports for a thrown value. */
export const errorObjectOf = (thrown: unknown): ErrorObject => {
  if (thrown instanceof Error) return { ErrorType: thrown.name, ErrorMessage: thrown.message };
  return { ErrorType: 'Error', ErrorMessage: String(thrown) };
};
