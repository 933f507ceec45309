/** Records a finished child execution's outcome on the parent's CHAINED_INVOKE operation. */
import type { ExecutionState } from './execution-state.js';
import { errorPayload, recordEvent, textPayload } from './history.js';

/**
 * Completes the parent's CHAINED_INVOKE `operationId` from the terminal `child`, recording
 * ChainedInvokeSucceeded / Failed / TimedOut / Stopped. Returns false when there was nothing to
 * complete (parent finished, or the operation was already closed, e.g. cancelled).
 */
export const reportChildResult = (parent: ExecutionState, operationId: string, child: ExecutionState, now: number): boolean => {
  const state = parent.operations.get(operationId);
  if (parent.status !== 'RUNNING' || !state || state.op.Status !== 'STARTED') return false;
  const op = state.op;
  op.EndTimestamp = new Date(now);
  if (child.status === 'SUCCEEDED') {
    op.Status = 'SUCCEEDED';
    op.ChainedInvokeDetails = child.result === undefined ? {} : { Result: child.result };
    recordEvent(parent, 'ChainedInvokeSucceeded', now, { ChainedInvokeSucceededDetails: { Result: textPayload(child.result) } }, op);
    return true;
  }
  const error = child.error ?? {};
  op.ChainedInvokeDetails = { Error: error };
  const details = { Error: errorPayload(error) };
  if (child.status === 'TIMED_OUT') {
    op.Status = 'TIMED_OUT';
    recordEvent(parent, 'ChainedInvokeTimedOut', now, { ChainedInvokeTimedOutDetails: details }, op);
  } else if (child.status === 'STOPPED') {
    op.Status = 'STOPPED';
    recordEvent(parent, 'ChainedInvokeStopped', now, { ChainedInvokeStoppedDetails: details }, op);
  } else {
    op.Status = 'FAILED';
    recordEvent(parent, 'ChainedInvokeFailed', now, { ChainedInvokeFailedDetails: details }, op);
  }
  return true;
};
