/** The calls the console makes to the Lambda API, whichever client makes them. */
import type { HistoryEvent } from '../protocol.js';
import type { ExecutionPage, FunctionItem } from './view-types.js';

/** Where the console's API calls go. */
export interface LambdaApiTarget {
  /** An endpoint speaking the Lambda API (a `serve`); absent for AWS itself. */
  endpoint?: string;
  /** AWS region (default: AWS_REGION, else the SDK's chain, else us-east-1 for endpoints). */
  region?: string;
  /** Shared-config profile for credentials (the standard provider chain otherwise). */
  profile?: string;
}

/** Filters of the executions list, as ListDurableExecutionsByFunction takes them. */
export interface ExecutionFilter {
  functionName: string;
  statuses?: string[];
  name?: string;
  startedAfter?: Date;
  startedBefore?: Date;
  marker?: string;
  maxItems?: number;
}

/** The calls the console makes. */
export interface ConsoleLambdaApi {
  readonly description: string;
  listFunctions(): Promise<FunctionItem[]>;
  listExecutions(filter: ExecutionFilter): Promise<ExecutionPage>;
  getExecution(arn: string): Promise<{ status: string; name?: string; functionArn?: string; input?: string }>;
  history(arn: string): Promise<HistoryEvent[]>;
  stop(arn: string, error?: { ErrorType?: string; ErrorMessage?: string }): Promise<void>;
  callbackSuccess(callbackId: string, result: string): Promise<void>;
  callbackFailure(callbackId: string, error: { ErrorType?: string; ErrorMessage?: string }): Promise<void>;
  callbackHeartbeat(callbackId: string): Promise<void>;
  start(functionName: string, input: string, executionName?: string): Promise<string | undefined>;
  close(): void;
}
