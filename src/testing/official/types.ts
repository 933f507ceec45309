/**
 * Types of the official testing API (`@aws/durable-execution-sdk-js-testing` 1.1.4): the runner
 * contract, results, invocations and the per-operation view. Timestamps are `Date`s.
 */
import type { ErrorObject, ExecutionStatus, HistoryEvent, Operation, OperationStatus, OperationSubType, OperationType } from '../../protocol.js';
import type { WaitingOperationStatus } from './enums.js';

/** What `run` sends to the function. */
export interface InvokeRequest {
  /** Input of the execution (JSON-serialised). */
  payload?: unknown;
}

/** An error as a test sees it (the ErrorObject fields, camel-cased). */
export interface TestResultError {
  errorMessage: string | undefined;
  errorType: string | undefined;
  errorData: string | undefined;
  stackTrace: string[] | undefined;
}

/** One Lambda invocation of the handler, from its `InvocationCompleted` history event. */
export interface Invocation {
  startTimestamp: Date | undefined;
  endTimestamp: Date | undefined;
  requestId: string | undefined;
  error: TestResultError | undefined;
}

/** Columns `TestResult.print` shows (all by default). */
export interface PrintColumns {
  parentId?: boolean;
  name?: boolean;
  type?: boolean;
  subType?: boolean;
  status?: boolean;
  startTime?: boolean;
  endTime?: boolean;
  duration?: boolean;
}

/** The outcome of `run`: status, result or error, operations, invocations and history. */
export interface TestResult<TResult = any> {
  /** Every operation except EXECUTION, in the order they first appeared; optionally one status only. */
  getOperations(params?: { status: OperationStatus }): DurableOperation[];
  getInvocations(): Invocation[];
  getStatus(): ExecutionStatus | undefined;
  /** The parsed result; throws an Error with the execution's error message when it did not succeed. */
  getResult(): TResult | undefined;
  /** The execution's error; throws for a succeeded execution. */
  getError(): TestResultError;
  getHistoryEvents(): HistoryEvent[];
  /** Prints the operations as a table (console.table). */
  print(config?: PrintColumns): void;
}

/** A runner of the official API. Named `OfficialDurableTestRunner` here: `DurableTestRunner` is our own runner class. */
export interface OfficialDurableTestRunner<TDurableOperation extends DurableOperation, ResultType> {
  run(params?: InvokeRequest): Promise<TestResult<ResultType>>;
  getOperation(name: string): TDurableOperation;
  getOperationByIndex(index: number): TDurableOperation;
  getOperationByNameAndIndex(name: string, index: number): TDurableOperation;
  getOperationById(id: string): TDurableOperation;
}

/** Outcome of a CONTEXT operation (child context, map, parallel, waitForCallback). */
export interface ContextDetails<TResult = unknown> {
  readonly result: TResult | undefined;
  readonly error: TestResultError | undefined;
}

/** Outcome and retry state of a STEP. */
export interface StepDetails<TResult = unknown> {
  readonly attempt: number | undefined;
  readonly nextAttemptTimestamp: Date | undefined;
  readonly result: TResult | undefined;
  readonly error: TestResultError | undefined;
}

/** A callback's id and outcome. */
export interface CallbackDetails<TResult = unknown> {
  readonly callbackId: string;
  readonly error?: TestResultError;
  readonly result?: TResult;
}

/** Outcome of a chained invoke. */
export interface ChainedInvokeDetails<TResult = unknown> {
  readonly error?: TestResultError;
  readonly result?: TResult;
}

/** A wait's length and end. */
export interface WaitResultDetails {
  readonly waitSeconds?: number;
  readonly scheduledEndTimestamp?: Date;
}

/** The service's answer to a callback call (only metadata; the service returns no body). */
export interface CallbackResponse {
  $metadata: { httpStatusCode?: number; requestId?: string };
}

/**
 * One operation of the execution, found by name, index or id. It may have no data yet: then the
 * getters return undefined until the operation appears (see `waitForData`).
 */
export interface DurableOperation<TResult = any> {
  /** Resolves once the operation reached `status` (default STARTED); rejects if the execution ends first. */
  waitForData(status?: WaitingOperationStatus): Promise<DurableOperation<TResult>>;
  getContextDetails(): ContextDetails<TResult> | undefined;
  getStepDetails(): StepDetails<TResult> | undefined;
  getChainedInvokeDetails(): ChainedInvokeDetails<TResult> | undefined;
  getCallbackDetails(): CallbackDetails<TResult> | undefined;
  getWaitDetails(): WaitResultDetails | undefined;
  getChildOperations(): DurableOperation[] | undefined;
  getOperationData(): Operation<Date> | undefined;
  getEvents(): HistoryEvent[] | undefined;
  getId(): string | undefined;
  getParentId(): string | undefined;
  getName(): string | undefined;
  getType(): OperationType | undefined;
  getSubType(): OperationSubType | undefined;
  isWaitForCallback(): boolean;
  isCallback(): boolean;
  getStatus(): OperationStatus | undefined;
  getStartTimestamp(): Date | undefined;
  getEndTimestamp(): Date | undefined;
  sendCallbackSuccess(result?: string): Promise<CallbackResponse>;
  sendCallbackFailure(error?: ErrorObject): Promise<CallbackResponse>;
  sendCallbackHeartbeat(): Promise<CallbackResponse>;
}

/** Where a view sends callback answers: the local service or the Lambda API. */
export interface CallbackApi {
  sendCallbackSuccess(callbackId: string, result: string | undefined): Promise<CallbackResponse>;
  sendCallbackFailure(callbackId: string, error: ErrorObject | undefined): Promise<CallbackResponse>;
  sendCallbackHeartbeat(callbackId: string): Promise<CallbackResponse>;
}

/** One operation record with its history events. */
export interface OperationRecord {
  operation: Operation<Date>;
  events: HistoryEvent[];
}
