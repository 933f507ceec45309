/**
 * Service-side timers of one execution: wait ends, step retry times, callback timeouts and
 * heartbeat timeouts, the execution timeout and the invocation retry time.
 */
import type { ExecutionState, OperationState } from './execution-state.js';
import { errorPayload, recordEvent } from './history.js';

/**
 * Earliest epoch ms at which something of `exec` becomes due, if anything, the execution
 * timeout included (a virtual clock leaps to it only while someone awaits the execution).
 */
export const nextDueTime = (exec: ExecutionState): number | undefined => {
  if (exec.status !== 'RUNNING') return undefined;
  let next: number | undefined = exec.startTime + exec.executionTimeoutSeconds * 1000;
  const consider = (t: number | undefined): void => {
    if (t !== undefined && (next === undefined || t < next)) next = t;
  };
  consider(exec.retryInvocationAt);
  for (const state of exec.operations.values()) consider(operationDueTime(state));
  return next;
};

const operationDueTime = (state: OperationState): number | undefined => {
  const op = state.op;
  if (op.Type === 'WAIT' && op.Status === 'STARTED') return toMs(op.WaitDetails?.ScheduledEndTimestamp);
  if (op.Type === 'STEP' && op.Status === 'PENDING') return toMs(op.StepDetails?.NextAttemptTimestamp);
  if (op.Type === 'CALLBACK' && op.Status === 'STARTED') {
    const deadlines = [state.callbackDeadline, state.heartbeatDeadline].filter((d): d is number => d !== undefined);
    return deadlines.length > 0 ? Math.min(...deadlines) : undefined;
  }
  return undefined;
};

const toMs = (d: Date | undefined): number | undefined => (d === undefined ? undefined : d.getTime());

/** What firing the due timers did. */
export interface FiredTimers {
  /** Operations whose status changed. */
  changed: string[];
  executionTimedOut: boolean;
  invocationRetryDue: boolean;
}

/** Fires everything of `exec` due at or before `now`, recording history events. */
export const fireDueTimers = (exec: ExecutionState, now: number): FiredTimers => {
  const fired: FiredTimers = { changed: [], executionTimedOut: false, invocationRetryDue: false };
  if (exec.status !== 'RUNNING') return fired;
  if (exec.retryInvocationAt !== undefined && exec.retryInvocationAt <= now) {
    delete exec.retryInvocationAt;
    fired.invocationRetryDue = true;
  }
  // Fire in due-time order so same-instant events keep a stable, causal order.
  const due = [...exec.operations.values()]
    .map((state) => ({ state, at: operationDueTime(state) }))
    .filter((d): d is { state: OperationState; at: number } => d.at !== undefined && d.at <= now)
    .sort((a, b) => a.at - b.at);
  for (const { state } of due) {
    fireOperation(exec, state, now);
    fired.changed.push(state.op.Id);
  }
  if (exec.startTime + exec.executionTimeoutSeconds * 1000 <= now) fired.executionTimedOut = true;
  return fired;
};

const fireOperation = (exec: ExecutionState, state: OperationState, now: number): void => {
  const op = state.op;
  if (op.Type === 'WAIT') {
    op.Status = 'SUCCEEDED';
    op.EndTimestamp = new Date(now);
    recordEvent(exec, 'WaitSucceeded', now, { WaitSucceededDetails: { Duration: state.waitSeconds ?? 0 } }, op);
    return;
  }
  if (op.Type === 'STEP') {
    op.Status = 'READY';
    return;
  }
  if (op.Type === 'CALLBACK') {
    const heartbeatFirst =
      state.heartbeatDeadline !== undefined &&
      state.heartbeatDeadline <= now &&
      (state.callbackDeadline === undefined || state.heartbeatDeadline < state.callbackDeadline);
    const error = heartbeatFirst
      ? { ErrorType: 'Callback.Heartbeat', ErrorMessage: 'Callback heartbeat timed out' }
      : { ErrorType: 'Callback.Timeout', ErrorMessage: 'Callback timed out' };
    op.Status = 'TIMED_OUT';
    op.EndTimestamp = new Date(now);
    op.CallbackDetails = { ...op.CallbackDetails, Error: error };
    recordEvent(exec, 'CallbackTimedOut', now, { CallbackTimedOutDetails: { Error: errorPayload(error) } }, op);
  }
};
