/**
 * Applies a validated CheckpointDurableExecution batch: mutates the operation log and records
 * the history events each action produces, in batch order.
 */
import type { ErrorObject, Operation, OperationUpdate } from '../protocol.js';
import type { ExecutionState, OperationState } from './execution-state.js';
import { errorPayload, recordEvent, retryDetails, textPayload } from './history.js';

/** Service actions an update can trigger beyond the log itself. */
export interface UpdateEffects {
  /** Issues a fresh callback id for a CALLBACK START. */
  newCallbackId(exec: ExecutionState, operationId: string): string;
  /** Starts the target of a CHAINED_INVOKE START; returns the child execution's ARN and version. */
  startChainedInvoke(
    exec: ExecutionState,
    op: OperationState,
    update: OperationUpdate,
  ): { childExecutionArn: string; executedVersion: string };
  /** Stops the child execution of a cancelled CHAINED_INVOKE. */
  stopChainedInvoke(childExecutionArn: string): void;
}

/** Outcome requested by an EXECUTION update, applied when the invocation ends. */
export type ExecutionCompletion = { status: 'SUCCEEDED'; result?: string } | { status: 'FAILED'; error: ErrorObject };

const newOperation = (u: OperationUpdate, now: number): Operation<Date> => {
  const op: Operation<Date> = { Id: u.Id, Type: u.Type, Status: 'STARTED', StartTimestamp: new Date(now) };
  if (u.ParentId !== undefined) op.ParentId = u.ParentId;
  if (u.Name !== undefined) op.Name = u.Name;
  if (u.SubType !== undefined) op.SubType = u.SubType;
  return op;
};

const finish = (op: Operation<Date>, status: Operation['Status'], now: number): void => {
  op.Status = status;
  op.EndTimestamp = new Date(now);
};

/**
 * Applies `updates` (already validated) at service time `now`. Returns the ids whose record
 * changed and the execution outcome if the batch carried an EXECUTION update.
 */
export const applyUpdates = (
  exec: ExecutionState,
  updates: readonly OperationUpdate[],
  now: number,
  effects: UpdateEffects,
): { changed: string[]; completion?: ExecutionCompletion } => {
  const changed: string[] = [];
  let completion: ExecutionCompletion | undefined;
  for (const u of updates) {
    if (u.Type === 'EXECUTION') {
      completion = u.Action === 'SUCCEED'
        ? { status: 'SUCCEEDED', ...(u.Payload !== undefined ? { result: u.Payload } : {}) }
        : { status: 'FAILED', error: u.Error ?? {} };
      continue;
    }
    let state = exec.operations.get(u.Id);
    if (!state) {
      state = { op: newOperation(u, now) };
      exec.operations.set(u.Id, state);
    }
    applyOne(exec, state, u, now, effects);
    if (!changed.includes(u.Id)) changed.push(u.Id);
  }
  return completion === undefined ? { changed } : { changed, completion };
};

const applyOne = (exec: ExecutionState, state: OperationState, u: OperationUpdate, now: number, effects: UpdateEffects): void => {
  const op = state.op;
  switch (op.Type) {
    case 'STEP': {
      const step = (op.StepDetails ??= {});
      if (u.Action === 'START') {
        op.Status = 'STARTED';
        delete step.NextAttemptTimestamp;
        recordEvent(exec, 'StepStarted', now, { StepStartedDetails: {} }, op);
        return;
      }
      const attempt = (step.Attempt ?? 0) + 1;
      step.Attempt = attempt;
      if (u.Action === 'RETRY') {
        const delay = u.StepOptions?.NextAttemptDelaySeconds ?? 1;
        op.Status = 'PENDING';
        step.NextAttemptTimestamp = new Date(now + delay * 1000);
        if (u.Payload !== undefined) {
          step.Result = u.Payload;
          delete step.Error;
          recordEvent(exec, 'StepSucceeded', now, {
            StepSucceededDetails: { Result: textPayload(u.Payload), RetryDetails: retryDetails(attempt, delay) },
          }, op);
        } else {
          if (u.Error !== undefined) step.Error = u.Error;
          recordEvent(exec, 'StepFailed', now, {
            StepFailedDetails: { Error: errorPayload(u.Error), RetryDetails: retryDetails(attempt, delay) },
          }, op);
        }
        return;
      }
      delete step.NextAttemptTimestamp;
      if (u.Action === 'SUCCEED') {
        finish(op, 'SUCCEEDED', now);
        if (u.Payload !== undefined) step.Result = u.Payload;
        else delete step.Result;
        delete step.Error;
        recordEvent(exec, 'StepSucceeded', now, {
          StepSucceededDetails: { Result: textPayload(u.Payload), RetryDetails: retryDetails(attempt) },
        }, op);
      } else {
        finish(op, 'FAILED', now);
        step.Error = u.Error ?? {};
        delete step.Result;
        recordEvent(exec, 'StepFailed', now, {
          StepFailedDetails: { Error: errorPayload(u.Error), RetryDetails: retryDetails(attempt) },
        }, op);
      }
      return;
    }
    case 'CONTEXT': {
      const ctx = (op.ContextDetails ??= {});
      if (u.Action === 'START') {
        recordEvent(exec, 'ContextStarted', now, { ContextStartedDetails: {} }, op);
        return;
      }
      if (u.ContextOptions?.ReplayChildren !== undefined) ctx.ReplayChildren = u.ContextOptions.ReplayChildren;
      if (u.Action === 'SUCCEED') {
        finish(op, 'SUCCEEDED', now);
        if (u.Payload !== undefined) ctx.Result = u.Payload;
        recordEvent(exec, 'ContextSucceeded', now, { ContextSucceededDetails: { Result: textPayload(u.Payload) } }, op);
      } else {
        finish(op, 'FAILED', now);
        ctx.Error = u.Error ?? {};
        recordEvent(exec, 'ContextFailed', now, { ContextFailedDetails: { Error: errorPayload(u.Error) } }, op);
      }
      return;
    }
    case 'WAIT': {
      if (u.Action === 'START') {
        const seconds = u.WaitOptions?.WaitSeconds ?? 0;
        state.waitSeconds = seconds;
        const end = new Date(now + seconds * 1000);
        op.WaitDetails = { ScheduledEndTimestamp: end };
        recordEvent(exec, 'WaitStarted', now, { WaitStartedDetails: { Duration: seconds, ScheduledEndTimestamp: end } }, op);
      } else {
        finish(op, 'CANCELLED', now);
        recordEvent(exec, 'WaitCancelled', now, { WaitCancelledDetails: u.Error ? { Error: errorPayload(u.Error) } : {} }, op);
      }
      return;
    }
    case 'CALLBACK': {
      if (u.Action === 'START') {
        const callbackId = effects.newCallbackId(exec, op.Id);
        op.CallbackDetails = { CallbackId: callbackId };
        const timeout = u.CallbackOptions?.TimeoutSeconds ?? 0;
        const heartbeat = u.CallbackOptions?.HeartbeatTimeoutSeconds ?? 0;
        if (timeout > 0) state.callbackDeadline = now + timeout * 1000;
        if (heartbeat > 0) {
          state.heartbeatTimeoutSeconds = heartbeat;
          state.heartbeatDeadline = now + heartbeat * 1000;
        }
        recordEvent(exec, 'CallbackStarted', now, {
          CallbackStartedDetails: {
            CallbackId: callbackId,
            ...(heartbeat > 0 ? { HeartbeatTimeout: heartbeat } : {}),
            ...(timeout > 0 ? { Timeout: timeout } : {}),
          },
        }, op);
      } else {
        finish(op, 'CANCELLED', now);
      }
      return;
    }
    case 'CHAINED_INVOKE': {
      if (u.Action === 'START') {
        op.ChainedInvokeDetails = {};
        const { childExecutionArn, executedVersion } = effects.startChainedInvoke(exec, state, u);
        state.childExecutionArn = childExecutionArn;
        const opts = u.ChainedInvokeOptions;
        recordEvent(exec, 'ChainedInvokeStarted', now, {
          ChainedInvokeStartedDetails: {
            FunctionName: opts?.FunctionName ?? '',
            ...(opts?.TenantId !== undefined ? { TenantId: opts.TenantId } : {}),
            Input: textPayload(u.Payload),
            ExecutedVersion: executedVersion,
            DurableExecutionArn: childExecutionArn,
          },
        }, op);
      } else {
        finish(op, 'CANCELLED', now);
        if (state.childExecutionArn !== undefined) effects.stopChainedInvoke(state.childExecutionArn);
      }
      return;
    }
    default:
      return;
  }
};
