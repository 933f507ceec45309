/**
 * Loading a store into a starting service: every kept execution goes back into the service's
 * tables (with its callback ids), then each is resumed (see resume-execution.ts).
 */
import type { ExecutionState } from '../execution-state.js';
import type { ExecutionScheduler } from '../scheduler.js';
import type { ExecutionStore, StoredExecution } from './execution-store.js';
import { resumeExecution, type ResumeKind } from './resume-execution.js';

/** What {@link restoreExecutions} found. */
export interface RestoreReport {
  /** Executions loaded, by how they came back. */
  counts: Record<ResumeKind, number>;
  /** Functions of running executions that are not registered now (they wait until they are). */
  unregisteredFunctions: string[];
}

/** The parts of the service a restore fills in and drives. */
export interface RestoreTarget {
  readonly maxInvocationAttempts: number;
  /** Service time now, if the store never recorded one. */
  now(): number;
  /** Puts a loaded execution (and its logs) into the service's tables. */
  add(stored: StoredExecution): void;
  addCallback(callbackId: string, arn: string, operationId: string): void;
  hasFunction(name: string): boolean;
  scheduler: Pick<ExecutionScheduler, 'requestInvocation' | 'finishExecution' | 'kick'>;
  /** Writes an execution through to the store. */
  persist(arn: string): void;
}

/**
 * Loads `store` into `target` and resumes every execution.
 *
 * @example
 * const report = restoreExecutions(store, target);
 * console.log(report.counts.interrupted, 'invocations retried');
 */
export const restoreExecutions = (store: ExecutionStore, target: RestoreTarget): RestoreReport => {
  const counts: Record<ResumeKind, number> = { finished: 0, interrupted: 0, invoked: 0, waiting: 0 };
  const unregistered = new Set<string>();
  const stoppedAt = store.loadClock()?.serviceTime ?? target.now();
  const loaded = store.load();
  for (const stored of loaded) {
    target.add(stored);
    for (const state of stored.exec.operations.values()) {
      const callbackId = state.op.CallbackDetails?.CallbackId;
      if (state.op.Type === 'CALLBACK' && callbackId !== undefined) target.addCallback(callbackId, stored.exec.arn, state.op.Id);
    }
  }
  const host = {
    maxInvocationAttempts: target.maxInvocationAttempts,
    requestInvocation: (exec: ExecutionState) => target.scheduler.requestInvocation(exec),
    finishExecution: target.scheduler.finishExecution.bind(target.scheduler),
  };
  for (const stored of loaded) {
    const kind = resumeExecution(stored, host, stoppedAt);
    counts[kind] += 1;
    if (kind !== 'finished' && !target.hasFunction(stored.exec.functionName)) unregistered.add(stored.exec.functionName);
    target.persist(stored.exec.arn);
  }
  target.scheduler.kick();
  return { counts, unregisteredFunctions: [...unregistered] };
};
