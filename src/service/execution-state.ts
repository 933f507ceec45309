/**
 * In-memory record of one durable execution: its operation log, history and the bookkeeping
 * the service needs between invocations (tokens, timers, idempotency).
 */
import { randomUUID } from 'node:crypto';
import type {
  CheckpointDurableExecutionResponse,
  ErrorObject,
  ExecutionStatus,
  HistoryEvent,
  Operation,
  WireOperation,
} from '../protocol.js';
import { formatExecutionArn, formatFunctionArn } from './arn.js';
import { recordEvent, textPayload } from './history.js';

/** One operation plus the service-side data the wire record does not carry. */
export interface OperationState {
  op: Operation<Date>;
  /** Wait length as requested, reported by WaitStarted/WaitSucceeded. */
  waitSeconds?: number;
  /** Absolute deadlines of a callback (epoch ms). */
  callbackDeadline?: number;
  heartbeatDeadline?: number;
  heartbeatTimeoutSeconds?: number;
  /** ARN of the execution a CHAINED_INVOKE started. */
  childExecutionArn?: string;
}

/** Where the result of a chained-invoke child execution must be reported. */
export interface ParentLink {
  executionArn: string;
  operationId: string;
}

/** The whole record of one execution. */
export interface ExecutionState {
  arn: string;
  name: string;
  id: string;
  functionName: string;
  qualifier: string;
  functionArn: string;
  inputPayload: string | undefined;
  status: ExecutionStatus;
  result?: string;
  error?: ErrorObject;
  startTime: number;
  endTime?: number;
  executionTimeoutSeconds: number;
  executionOperationId: string;
  operations: Map<string, OperationState>;
  events: HistoryEvent[];
  /** The one checkpoint token that is currently valid, if an invocation is running. */
  currentToken?: string;
  tokenSeq: number;
  /** Responses by ClientToken, for idempotent retries of a checkpoint. */
  clientTokens: Map<string, { token: string; response: CheckpointDurableExecutionResponse }>;
  /** Operations changed since the running invocation last heard about them. */
  undelivered: Set<string>;
  /** Operations changed while no invocation was running (for the next event's UpdatedOperationIds). */
  changedWhileSuspended: Set<string>;
  /** Set when something changed that the running invocation may not have seen. */
  wakeRequested: boolean;
  invocationRunning: boolean;
  invocationCount: number;
  consecutiveInvocationFailures: number;
  /** Epoch ms before which a failed invocation is not retried. */
  retryInvocationAt?: number;
  parent?: ParentLink;
  tenantId?: string;
  traceHeader?: string;
}

/** Terminal execution statuses. */
export const isExecutionTerminal = (status: ExecutionStatus): boolean => status !== 'RUNNING';

/** Terminal operation statuses. */
export const isOperationTerminal = (status: Operation['Status']): boolean =>
  status === 'SUCCEEDED' || status === 'FAILED' || status === 'CANCELLED' || status === 'TIMED_OUT' || status === 'STOPPED';

/** Operations in log order (insertion order), each as a detached copy. */
export const listOperations = (exec: ExecutionState): Operation<Date>[] =>
  [...exec.operations.values()].map((s) => copyOperation(s.op));

/** A deep copy, so callers can never mutate the log. */
export const copyOperation = (op: Operation<Date>): Operation<Date> => structuredClone(op);

/**
 * Records as the wire types name them. Every record the service creates has its
 * StartTimestamp (apply-updates sets it), the one member `Operation` leaves optional.
 */
export const asWireOperations = (ops: Operation<Date>[]): WireOperation[] => ops as WireOperation[];

/**
 * Operations an invocation sees: descendants of a finished CONTEXT are pruned unless that
 * context asked for ReplayChildren.
 */
export const visibleOperations = (exec: ExecutionState): Operation<Date>[] => {
  const hidden = (op: Operation<Date>): boolean => {
    let parentId = op.ParentId;
    const seen = new Set<string>();
    while (parentId !== undefined && !seen.has(parentId)) {
      seen.add(parentId);
      const parent = exec.operations.get(parentId)?.op;
      if (!parent) return false;
      const finished = parent.Status === 'SUCCEEDED' || parent.Status === 'FAILED';
      if (finished && parent.ContextDetails?.ReplayChildren !== true) return true;
      parentId = parent.ParentId;
    }
    return false;
  };
  return [...exec.operations.values()].filter((s) => !hidden(s.op)).map((s) => copyOperation(s.op));
};

/** What {@link newExecutionState} needs. */
export interface NewExecutionInput {
  name: string;
  functionName: string;
  qualifier: string;
  region: string;
  account: string;
  payload: string | undefined;
  executionTimeoutSeconds: number;
  now: number;
  parent?: ParentLink;
  tenantId?: string;
}

/** A fresh RUNNING execution with its EXECUTION operation and `ExecutionStarted` event. */
export const newExecutionState = (input: NewExecutionInput): ExecutionState => {
  const id = randomUUID();
  const { name, functionName, qualifier, region, account, now } = input;
  const exec: ExecutionState = {
    arn: formatExecutionArn({ region, account, functionName, qualifier, executionName: name, executionId: id }),
    name, id, functionName, qualifier,
    functionArn: `${formatFunctionArn({ region, account, functionName })}:${qualifier}`,
    inputPayload: input.payload,
    status: 'RUNNING',
    startTime: now,
    executionTimeoutSeconds: input.executionTimeoutSeconds,
    executionOperationId: randomUUID(),
    operations: new Map(),
    events: [],
    tokenSeq: 0,
    clientTokens: new Map(),
    undelivered: new Set(),
    changedWhileSuspended: new Set(),
    wakeRequested: false,
    invocationRunning: false,
    invocationCount: 0,
    consecutiveInvocationFailures: 0,
    ...(input.parent ? { parent: input.parent } : {}),
    ...(input.tenantId !== undefined ? { tenantId: input.tenantId } : {}),
  };
  exec.operations.set(exec.executionOperationId, {
    op: {
      Id: exec.executionOperationId,
      Type: 'EXECUTION',
      Status: 'STARTED',
      StartTimestamp: new Date(now),
      ExecutionDetails: input.payload === undefined ? {} : { InputPayload: input.payload },
    },
  });
  recordEvent(exec, 'ExecutionStarted', now, {
    ExecutionStartedDetails: { Input: textPayload(input.payload), ExecutionTimeout: exec.executionTimeoutSeconds },
  }, { Id: exec.executionOperationId, Name: name });
  return exec;
};
