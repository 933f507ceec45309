/**
 * What steps and waitForCondition checks share about time: the `timeout` option's validation,
 * the running attempt (signal, timeout, deadline) and the one log line for a function that
 * settles after it was no longer awaited.
 */
import type { DurableContextImpl } from '../context/durable-context.js';
import { StepAttempt } from '../engine/step-attempt.js';
import { StepTimeoutError } from '../errors.js';
import type { DurableLogger } from '../logger/types.js';
import type { Duration } from '../retry/duration.js';
import { durationToSeconds } from '../retry/duration.js';
import type { OperationHandle } from './operation-handle.js';

/** Largest timeout a Node timer can hold. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * The `timeout` option in milliseconds (undefined when absent), or a TypeError for a value
 * that is not a positive duration.
 */
export function timeoutMsOf(apiName: string, option: string, timeout: Duration | undefined): number | undefined | TypeError {
  if (timeout === undefined) return undefined;
  const ms = typeof timeout === 'object' && timeout !== null ? durationToSeconds(timeout) * 1000 : Number.NaN;
  if (!(ms > 0) || ms > MAX_TIMEOUT_MS) {
    return new TypeError(`${apiName}: ${option} must be a positive duration of at most 24 days, e.g. { seconds: 30 }; got ${JSON.stringify(timeout)}.`);
  }
  return ms;
}

/** Label of an operation in timeout messages, e.g. `Step "charge" (2)`. */
function labelOf(kind: string, op: OperationHandle): string {
  return op.name === undefined ? `${kind} (${op.rawId})` : `${kind} "${op.name}" (${op.rawId})`;
}

/**
 * Starts the bookkeeping of one attempt of `op` and registers it with the invocation (batch
 * cancellation, deadline). Call {@link endAttempt} when the function settles.
 */
export function beginStepAttempt<L extends DurableLogger>(
  ctx: DurableContextImpl<L>,
  op: OperationHandle,
  options: { kind: string; timeoutMs: number | undefined; attempt: number },
): StepAttempt {
  const attempt = new StepAttempt({
    rawId: op.rawId,
    label: labelOf(options.kind, op),
    timeoutMs: options.timeoutMs,
    onLateSettle: (stopped) => {
      ctx.operationLogger().warn(
        `${stopped.label} attempt ${options.attempt} settled ${Date.now() - stopped.startedAt} ms after it started, once it was no longer awaited; ` +
          'its outcome is discarded. Pass stepContext.signal to the work (fetch, AWS SDK abortSignal) so it stops in time.',
      );
    },
  });
  ctx.invocation.attempts.add(attempt);
  return attempt;
}

/** The attempt's function settled (or failed): unregister it and stop its timer. */
export function endAttempt<L extends DurableLogger>(ctx: DurableContextImpl<L>, attempt: StepAttempt): void {
  attempt.end();
  ctx.invocation.attempts.delete(attempt);
}

/**
 * True when an attempt may not start because the invocation's deadline has passed: then the
 * invocation ends (Lambda retries it in a fresh invocation) and nothing is checkpointed.
 */
export function pastDeadline<L extends DurableLogger>(ctx: DurableContextImpl<L>, op: OperationHandle, kind: string): boolean {
  const { attempts, tracker } = ctx.invocation;
  // The deadline is being handled (running attempts recorded, the invocation ending): just stop.
  if (attempts.reached) return true;
  if (!attempts.passed()) return false;
  const error = new StepTimeoutError({ limitMs: 0, elapsedMs: 0, reason: 'invocation deadline', operation: labelOf(kind, op) });
  tracker.terminate({ kind: 'throw', reason: 'INVOCATION_DEADLINE', error });
  return true;
}
