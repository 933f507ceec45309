/**
 * What a restarted service does with each execution it loads: an execution whose invocation was
 * running when the service stopped gets that invocation recorded as failed and retried, as the
 * service retries an invocation whose runtime died (its checkpoint token is stale: only the
 * retry's new token is accepted); one that was due an invocation gets it; the rest wait for
 * their timers and callbacks, which the scheduler re-arms from the operations themselves.
 */
import { randomUUID } from 'node:crypto';
import type { ErrorObject } from '../../protocol.js';
import type { ExecutionState } from '../execution-state.js';
import { errorPayload, recordEvent } from '../history.js';
import { decideAfterInvocation, type ExecutionEnd } from '../invocation.js';
import { invocationRetryDelayMs } from '../scheduler.js';
import type { StoredExecution } from './execution-store.js';

/** What {@link resumeExecution} needs from the service. */
export interface ResumeHost {
  readonly maxInvocationAttempts: number;
  requestInvocation(exec: ExecutionState): void;
  finishExecution(exec: ExecutionState, end: ExecutionEnd, at: number): void;
}

/** How an execution came back. */
export type ResumeKind = 'finished' | 'interrupted' | 'invoked' | 'waiting';

/** The error recorded for an invocation the service's stop cut short. */
export const INTERRUPTED_INVOCATION_ERROR: ErrorObject = {
  ErrorType: 'Runtime.ExitError',
  ErrorMessage: 'The local durable-execution service stopped during this invocation',
};

/**
 * Re-arms one loaded execution. `stoppedAt` is the service time of the store's last write.
 *
 * @example
 * for (const stored of store.load()) resumeExecution(stored, host, store.loadClock()?.serviceTime ?? Date.now());
 */
export const resumeExecution = (stored: StoredExecution, host: ResumeHost, stoppedAt: number): ResumeKind => {
  const { exec } = stored;
  const wasRunning = exec.invocationRunning;
  exec.invocationRunning = false;
  delete exec.currentToken;
  if (exec.status !== 'RUNNING') return 'finished';
  if (wasRunning) {
    const failure = INTERRUPTED_INVOCATION_ERROR;
    recordEvent(exec, 'InvocationCompleted', stoppedAt, {
      InvocationCompletedDetails: {
        StartTimestamp: new Date(stored.invocationStartedAt ?? stoppedAt),
        EndTimestamp: new Date(stoppedAt),
        RequestId: randomUUID(),
        Error: errorPayload(failure),
      },
    });
    const decision = decideAfterInvocation({
      exec,
      outcome: { kind: 'crashed', error: failure },
      failure,
      ...(stored.pendingCompletion ? { completion: stored.pendingCompletion } : {}),
      maxAttempts: host.maxInvocationAttempts,
    });
    if (decision.kind === 'finish') {
      host.finishExecution(exec, decision.end, stoppedAt);
    } else {
      exec.retryInvocationAt = stoppedAt + invocationRetryDelayMs(exec.consecutiveInvocationFailures);
      host.requestInvocation(exec);
    }
    return 'interrupted';
  }
  if (stored.needsInvocation) {
    host.requestInvocation(exec);
    return 'invoked';
  }
  return 'waiting';
};
