/**
 * One invocation's envelope and what its outcome means for the execution: finish, retry after
 * an invocation fault, re-invoke at once, or stay suspended.
 */
import type { ErrorObject, ExecutionStatus } from '../protocol.js';

import type { ExecutionCompletion } from './apply-updates.js';
import { visibleOperations, type ExecutionState } from './execution-state.js';
import type { InvocationOutcome } from './invokers/invoker.js';

/** Terminal outcome of an execution. */
export type ExecutionEnd =
  | { status: 'SUCCEEDED'; result?: string }
  | { status: Exclude<ExecutionStatus, 'RUNNING' | 'SUCCEEDED'>; error?: ErrorObject };

/** The durable envelope Lambda passes to the handler, as plain JSON. */
export const buildInvocationEvent = (exec: ExecutionState, token: string, pageSize: number, updatedIds: string[]): unknown => {
  const operations = visibleOperations(exec);
  const first = operations.slice(0, pageSize);
  return JSON.parse(JSON.stringify({
    DurableExecutionArn: exec.arn,
    CheckpointToken: token,
    InitialExecutionState: {
      Operations: first,
      ...(operations.length > first.length ? { NextMarker: String(first.length) } : {}),
    },
    // Absent on the first invocation, as on the service.
    ...(exec.invocationCount > 1 ? { UpdatedOperationIds: updatedIds } : {}),
  }));
};

/** What to do after an invocation. */
export type InvocationDecision =
  | { kind: 'finish'; end: ExecutionEnd }
  | { kind: 'retry' }
  | { kind: 'reinvoke' }
  | { kind: 'suspend' };

const fromCompletion = (completion: ExecutionCompletion): ExecutionEnd =>
  completion.status === 'SUCCEEDED'
    ? { status: 'SUCCEEDED', ...(completion.result !== undefined ? { result: completion.result } : {}) }
    : { status: 'FAILED', error: completion.error };

/**
 * Decides the execution's next step. An EXECUTION completion checkpointed during the invocation
 * wins over a fault; consecutive faults count toward `maxAttempts`.
 */
export const decideAfterInvocation = (input: {
  exec: ExecutionState;
  outcome: InvocationOutcome;
  failure: ErrorObject | undefined;
  completion?: ExecutionCompletion;
  maxAttempts: number;
}): InvocationDecision => {
  const { exec, outcome, failure, completion } = input;
  if (failure) {
    if (completion) return { kind: 'finish', end: fromCompletion(completion) };
    exec.consecutiveInvocationFailures += 1;
    if (exec.consecutiveInvocationFailures >= input.maxAttempts) return { kind: 'finish', end: { status: 'FAILED', error: failure } };
    return { kind: 'retry' };
  }
  exec.consecutiveInvocationFailures = 0;
  const output = outcome.kind === 'returned' ? (outcome.value as { Status: string; Result?: string; Error?: ErrorObject }) : undefined;
  if (output?.Status === 'SUCCEEDED') {
    // A result too large for the response arrives through an EXECUTION checkpoint and `Result: ""`.
    const result = completion?.status === 'SUCCEEDED' && (output.Result === undefined || output.Result === '') ? completion.result : output.Result;
    return { kind: 'finish', end: { status: 'SUCCEEDED', ...(result !== undefined ? { result } : {}) } };
  }
  if (output?.Status === 'FAILED') return { kind: 'finish', end: { status: 'FAILED', error: output.Error ?? {} } };
  if (completion) return { kind: 'finish', end: fromCompletion(completion) };
  if (exec.wakeRequested) {
    exec.wakeRequested = false;
    return { kind: 'reinvoke' };
  }
  return { kind: 'suspend' };
};

const isInvocationOutput = (value: unknown): boolean => {
  if (value === null || typeof value !== 'object') return false;
  const v = value as { Status?: unknown; Result?: unknown; Error?: unknown };
  if (v.Status === 'PENDING') return true;
  if (v.Status === 'SUCCEEDED') return v.Result === undefined || typeof v.Result === 'string';
  if (v.Status === 'FAILED') return v.Error === undefined || (v.Error !== null && typeof v.Error === 'object');
  return false;
};

/** The invocation error Lambda would record, or undefined for a well-formed durable response. */
export const invocationFailure = (outcome: InvocationOutcome): ErrorObject | undefined => {
  if (outcome.kind !== 'returned') return outcome.error;
  if (isInvocationOutput(outcome.value)) return undefined;
  return {
    ErrorType: 'Runtime.InvalidResponse',
    ErrorMessage: 'The durable function returned a response that is not a durable invocation output ({Status: SUCCEEDED|FAILED|PENDING}).',
  };
};
