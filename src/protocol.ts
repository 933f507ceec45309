/**
 * Wire model of the Lambda durable-execution service (API version 2025-12-01).
 *
 * Types and constant enums only, no logic. Shared by the SDK engine, the transports and the
 * local emulator, which must never depend on each other. Field names are the service's own.
 */

/** Kinds of operation recorded in an execution's log. */
export const OperationType = {
  EXECUTION: 'EXECUTION',
  CONTEXT: 'CONTEXT',
  STEP: 'STEP',
  WAIT: 'WAIT',
  CALLBACK: 'CALLBACK',
  CHAINED_INVOKE: 'CHAINED_INVOKE',
} as const;
/** One of {@link OperationType}. */
export type OperationType = (typeof OperationType)[keyof typeof OperationType];

/** Status of an operation record. */
export const OperationStatus = {
  STARTED: 'STARTED',
  PENDING: 'PENDING',
  READY: 'READY',
  SUCCEEDED: 'SUCCEEDED',
  FAILED: 'FAILED',
  CANCELLED: 'CANCELLED',
  TIMED_OUT: 'TIMED_OUT',
  STOPPED: 'STOPPED',
} as const;
/** One of {@link OperationStatus}. */
export type OperationStatus = (typeof OperationStatus)[keyof typeof OperationStatus];

/** Action carried by an {@link OperationUpdate}. */
export const OperationAction = {
  START: 'START',
  SUCCEED: 'SUCCEED',
  FAIL: 'FAIL',
  RETRY: 'RETRY',
  CANCEL: 'CANCEL',
} as const;
/** One of {@link OperationAction}. */
export type OperationAction = (typeof OperationAction)[keyof typeof OperationAction];

/**
 * SubType values written by the SDK (free strings on the wire). A TypeScript enum, as in the
 * official SDK 2.4: enums of the same name and members are assignable across the two packages,
 * which string literals are not.
 */
export enum OperationSubType {
  STEP = 'Step',
  WAIT = 'Wait',
  CALLBACK = 'Callback',
  RUN_IN_CHILD_CONTEXT = 'RunInChildContext',
  MAP = 'Map',
  MAP_ITERATION = 'MapIteration',
  PARALLEL = 'Parallel',
  PARALLEL_BRANCH = 'ParallelBranch',
  WAIT_FOR_CALLBACK = 'WaitForCallback',
  WAIT_FOR_CONDITION = 'WaitForCondition',
  CHAINED_INVOKE = 'ChainedInvoke',
}

/**
 * Status a durable handler returns to Lambda. An enum as in the official SDK 2.4, so a handler
 * wrapped by either SDK is accepted where the other's handler type is expected.
 */
export enum InvocationStatus {
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
  PENDING = 'PENDING',
}

/** Status of a whole durable execution as the control-plane APIs report it. */
export const ExecutionStatus = {
  RUNNING: 'RUNNING',
  SUCCEEDED: 'SUCCEEDED',
  FAILED: 'FAILED',
  TIMED_OUT: 'TIMED_OUT',
  STOPPED: 'STOPPED',
} as const;
/** One of {@link ExecutionStatus}. */
export type ExecutionStatus = (typeof ExecutionStatus)[keyof typeof ExecutionStatus];

/** A timestamp as it travels: a `Date` from the AWS SDK, an ISO string or epoch number in JSON. */
export type WireTimestamp = Date | string | number;

/** Serialised error, as stored in operation records and handler responses. */
export interface ErrorObject {
  ErrorType?: string;
  ErrorMessage?: string;
  ErrorData?: string;
  StackTrace?: string[];
}

export interface ExecutionDetails {
  InputPayload?: string;
}

export interface ContextDetails {
  ReplayChildren?: boolean;
  Result?: string;
  Error?: ErrorObject;
}

export interface StepDetails<T extends WireTimestamp = WireTimestamp> {
  Attempt?: number;
  NextAttemptTimestamp?: T;
  Result?: string;
  Error?: ErrorObject;
}

export interface WaitDetails<T extends WireTimestamp = WireTimestamp> {
  ScheduledEndTimestamp?: T;
}

export interface CallbackDetails {
  CallbackId?: string;
  Result?: string;
  Error?: ErrorObject;
}

export interface ChainedInvokeDetails {
  Result?: string;
  Error?: ErrorObject;
}

/** One record of the execution's operation log. */
export interface Operation<T extends WireTimestamp = WireTimestamp> {
  Id: string;
  ParentId?: string;
  Name?: string;
  Type: OperationType;
  SubType?: string;
  StartTimestamp?: T;
  EndTimestamp?: T;
  Status: OperationStatus;
  ExecutionDetails?: ExecutionDetails;
  ContextDetails?: ContextDetails;
  StepDetails?: StepDetails<T>;
  WaitDetails?: WaitDetails<T>;
  CallbackDetails?: CallbackDetails;
  ChainedInvokeDetails?: ChainedInvokeDetails;
}

/**
 * A record as the invocation event carries it, typed exactly as the official SDK 2.4 types it
 * (every member may be `undefined`, timestamps `Date | string`), so handlers wrapped by either
 * SDK accept each other's events. The engine validates records at run time (and accepts epoch
 * numbers too) before it reads them as {@link Operation}s.
 *
 * @example
 * ```ts
 * const op: WireOperation = { Id: 'c4ca4238a0b92382', Type: 'WAIT', Status: 'STARTED', StartTimestamp: '2026-01-01T00:00:00Z' };
 * ```
 */
export interface WireOperation {
  Id: string | undefined;
  ParentId?: string | undefined;
  Name?: string | undefined;
  Type: OperationType | undefined;
  SubType?: string | undefined;
  StartTimestamp: Date | string | undefined;
  EndTimestamp?: Date | string | undefined;
  Status: OperationStatus | undefined;
  ExecutionDetails?: ExecutionDetails | undefined;
  ContextDetails?: ContextDetails | undefined;
  StepDetails?: WireStepDetails | undefined;
  WaitDetails?: WireWaitDetails | undefined;
  CallbackDetails?: CallbackDetails | undefined;
  ChainedInvokeDetails?: ChainedInvokeDetails | undefined;
}
/** Step details as they arrive (see {@link WireOperation}). */
export interface WireStepDetails extends Omit<StepDetails, 'NextAttemptTimestamp'> {
  NextAttemptTimestamp?: Date | string | undefined;
}
/** Wait details as they arrive (see {@link WireOperation}). */
export interface WireWaitDetails {
  ScheduledEndTimestamp?: Date | string | undefined;
}

export interface ContextOptions {
  ReplayChildren?: boolean;
}
export interface StepOptions {
  NextAttemptDelaySeconds?: number;
}
export interface WaitOptions {
  WaitSeconds?: number;
}
export interface CallbackOptions {
  TimeoutSeconds?: number;
  HeartbeatTimeoutSeconds?: number;
}
export interface ChainedInvokeOptions {
  FunctionName: string;
  TenantId?: string;
}

/** One change sent in a CheckpointDurableExecution request. */
export interface OperationUpdate {
  Id: string;
  ParentId?: string;
  Name?: string;
  Type: OperationType;
  SubType?: string;
  Action: OperationAction;
  Payload?: string;
  Error?: ErrorObject;
  ContextOptions?: ContextOptions;
  StepOptions?: StepOptions;
  WaitOptions?: WaitOptions;
  CallbackOptions?: CallbackOptions;
  ChainedInvokeOptions?: ChainedInvokeOptions;
}

export interface CheckpointUpdatedExecutionState {
  Operations?: WireOperation[];
  NextMarker?: string;
}

export interface CheckpointDurableExecutionRequest {
  DurableExecutionArn: string;
  CheckpointToken: string;
  Updates?: OperationUpdate[];
  ClientToken?: string;
}

export interface CheckpointDurableExecutionResponse {
  CheckpointToken?: string;
  NewExecutionState?: CheckpointUpdatedExecutionState;
}

export interface GetDurableExecutionStateRequest {
  DurableExecutionArn: string;
  CheckpointToken: string;
  Marker?: string;
  MaxItems?: number;
}

export interface GetDurableExecutionStateResponse {
  Operations?: WireOperation[];
  NextMarker?: string;
}

/** The event Lambda passes to a durable function (the official 2.4 shape; see {@link WireOperation}). */
export interface DurableExecutionInvocationInput {
  DurableExecutionArn: string;
  CheckpointToken: string;
  InitialExecutionState: {
    Operations: WireOperation[];
    NextMarker?: string;
  };
  UpdatedOperationIds?: string[];
}

/** What a durable function returns to Lambda. */
export type DurableExecutionInvocationOutput =
  | { Status: InvocationStatus.SUCCEEDED; Result?: string }
  | { Status: InvocationStatus.FAILED; Error: ErrorObject }
  | { Status: InvocationStatus.PENDING };

/** Payload of a history event (`Input`, `Result`, `Error`). */
export interface EventPayload<P = string> {
  Payload?: P;
  Truncated?: boolean;
}

export interface RetryDetails {
  CurrentAttempt?: number;
  NextAttemptDelaySeconds?: number;
}

/** History event types as GetDurableExecutionHistory returns them. */
export const EventType = {
  ExecutionStarted: 'ExecutionStarted',
  ExecutionSucceeded: 'ExecutionSucceeded',
  ExecutionFailed: 'ExecutionFailed',
  ExecutionTimedOut: 'ExecutionTimedOut',
  ExecutionStopped: 'ExecutionStopped',
  ContextStarted: 'ContextStarted',
  ContextSucceeded: 'ContextSucceeded',
  ContextFailed: 'ContextFailed',
  WaitStarted: 'WaitStarted',
  WaitSucceeded: 'WaitSucceeded',
  WaitCancelled: 'WaitCancelled',
  StepStarted: 'StepStarted',
  StepSucceeded: 'StepSucceeded',
  StepFailed: 'StepFailed',
  ChainedInvokeStarted: 'ChainedInvokeStarted',
  ChainedInvokeSucceeded: 'ChainedInvokeSucceeded',
  ChainedInvokeFailed: 'ChainedInvokeFailed',
  ChainedInvokeTimedOut: 'ChainedInvokeTimedOut',
  ChainedInvokeStopped: 'ChainedInvokeStopped',
  CallbackStarted: 'CallbackStarted',
  CallbackSucceeded: 'CallbackSucceeded',
  CallbackFailed: 'CallbackFailed',
  CallbackTimedOut: 'CallbackTimedOut',
  InvocationCompleted: 'InvocationCompleted',
} as const;
/** One of {@link EventType}. */
export type EventType = (typeof EventType)[keyof typeof EventType];

/** One event of GetDurableExecutionHistory. Exactly one `*Details` member is set. */
export interface HistoryEvent {
  EventType: EventType;
  SubType?: string;
  EventId: number;
  Id?: string;
  Name?: string;
  EventTimestamp: WireTimestamp;
  ParentId?: string;
  ExecutionStartedDetails?: { Input?: EventPayload; ExecutionTimeout?: number };
  ExecutionSucceededDetails?: { Result?: EventPayload };
  ExecutionFailedDetails?: { Error?: EventPayload<ErrorObject> };
  ExecutionTimedOutDetails?: { Error?: EventPayload<ErrorObject> };
  ExecutionStoppedDetails?: { Error?: EventPayload<ErrorObject> };
  ContextStartedDetails?: Record<string, never>;
  ContextSucceededDetails?: { Result?: EventPayload };
  ContextFailedDetails?: { Error?: EventPayload<ErrorObject> };
  WaitStartedDetails?: { Duration?: number; ScheduledEndTimestamp?: WireTimestamp };
  WaitSucceededDetails?: { Duration?: number };
  WaitCancelledDetails?: { Error?: EventPayload<ErrorObject> };
  StepStartedDetails?: Record<string, never>;
  StepSucceededDetails?: { Result?: EventPayload; RetryDetails?: RetryDetails };
  StepFailedDetails?: { Error?: EventPayload<ErrorObject>; RetryDetails?: RetryDetails };
  ChainedInvokeStartedDetails?: {
    FunctionName?: string;
    TenantId?: string;
    Input?: EventPayload;
    ExecutedVersion?: string;
    DurableExecutionArn?: string;
  };
  ChainedInvokeSucceededDetails?: { Result?: EventPayload };
  ChainedInvokeFailedDetails?: { Error?: EventPayload<ErrorObject> };
  ChainedInvokeTimedOutDetails?: { Error?: EventPayload<ErrorObject> };
  ChainedInvokeStoppedDetails?: { Error?: EventPayload<ErrorObject> };
  CallbackStartedDetails?: { CallbackId?: string; HeartbeatTimeout?: number; Timeout?: number };
  CallbackSucceededDetails?: { Result?: EventPayload };
  CallbackFailedDetails?: { Error?: EventPayload<ErrorObject> };
  CallbackTimedOutDetails?: { Error?: EventPayload<ErrorObject> };
  InvocationCompletedDetails?: {
    StartTimestamp?: WireTimestamp;
    EndTimestamp?: WireTimestamp;
    RequestId?: string;
    Error?: EventPayload<ErrorObject>;
  };
}

/** Limits the service and the SDK agree on. */
export const Limits = {
  /** Largest handler response before the result goes through an EXECUTION checkpoint. */
  LAMBDA_RESPONSE_SIZE_BYTES: 6 * 1024 * 1024 - 50,
  /** Largest serialised operation result kept inline (child contexts switch to ReplayChildren above). */
  CHECKPOINT_PAYLOAD_BYTES: 256 * 1024,
  /** Estimated size cap of one CheckpointDurableExecution request. */
  CHECKPOINT_BATCH_BYTES: 750 * 1024,
  /** Update count cap of one CheckpointDurableExecution request. */
  CHECKPOINT_BATCH_UPDATES: 250,
  /** Page size for GetDurableExecutionState. */
  STATE_PAGE_SIZE: 1000,
} as const;
