/**
 * `context.step` (§5.7.1): runs a function once per attempt and records its result; failures
 * go through the retry strategy (RETRY then suspend) or are recorded as FAIL.
 */
import type { DurableContextImpl } from '../context/durable-context.js';
import { parkedPromise } from '../engine/parked-promise.js';
import { runInScope } from '../engine/context-tracker.js';
import { afterTurns, DurablePromise, infallible, twoPhase } from '../engine/durable-promise.js';
import type { OperationRecord } from '../engine/execution-state.js';
import { isTerminalStatus } from '../engine/execution-state.js';
import { DurableExecutionMode } from '../engine/modes.js';
import {
  errorFromErrorObject,
  errorToErrorObject,
  isUnrecoverableError,
  StepInterruptedError,
} from '../errors.js';
import type { DurableLogger } from '../logger/types.js';
import { durationToSeconds } from '../retry/duration.js';
import { retryPresets } from '../retry/retry-presets.js';
import type { RetryDecision } from '../retry/retry-strategy.js';
import type { StepConfig, StepFunc } from '../types.js';
import { StepSemantics } from '../types.js';
import type { StepAttempt } from '../engine/step-attempt.js';
import { attemptEnded, attemptEndedOperation, beginAttempt, labelForPlugins, operationStarted } from '../plugins/operation-hooks.js';
import type { OperationHandle, OperationKind } from './operation-handle.js';
import { beginStepAttempt, endAttempt, pastDeadline, timeoutMsOf } from './attempt-control.js';

/** Arguments of one `step` call. */
export interface StepCall<T, L extends DurableLogger> {
  name: string | undefined;
  fn: StepFunc<T, L>;
  config: StepConfig<T> | undefined;
  /** Name only plugins see (composite operations label their parts); never checkpointed. */
  pluginName?: string;
}

/** Entry point used by the context. */
export function stepOperation<T, L extends DurableLogger>(ctx: DurableContextImpl<L>, call: StepCall<T, L>): DurablePromise<T> {
  const timeoutMs = call.config?.timeout === undefined ? undefined : timeoutMsOf('step', 'config.timeout', call.config.timeout);
  if (timeoutMs instanceof TypeError) return new DurablePromise<T>(() => Promise.reject(timeoutMs));
  const op = ctx.beginOperation('step', call.name, STEP_KIND);
  if (!op) return parkedPromise<T>(ctx.invocation);
  labelForPlugins(op, call.pluginName);
  const record = op.record();
  const status = record?.Status;
  if (status === 'SUCCEEDED') return infallible(replaySucceededStep(ctx, op, call, record as OperationRecord));
  if (isTerminalStatus(status)) return twoPhase(replayFailedStep(op, record as OperationRecord));
  return twoPhase(runStep(ctx, op, call, timeoutMs));
}

const STEP_KIND: OperationKind = { type: 'STEP', subType: 'Step' };

/** Extra microtask turns before a replayed step settles: the official SDK's turn (test/interop/replay-turns.test.ts). */
const REPLAYED_STEP_TURNS = 3;
const REPLAYED_FAILED_STEP_TURNS = 2;

/**
 * A step that already succeeded: validate, then return its recorded result. Kept apart from
 * {@link runStep} because a long replay is thousands of these, and the attempt loop's closures
 * and state would be allocated for each.
 */
function replaySucceededStep<T, L extends DurableLogger>(
  ctx: DurableContextImpl<L>,
  op: OperationHandle,
  call: StepCall<T, L>,
  record: OperationRecord,
): Promise<T> {
  if (!op.validateReplay(record)) return op.park();
  op.setState('COMPLETED');
  const serdes = call.config?.serdes ?? ctx.settings.serdes.defaultSerdes;
  return op.deserializeAfterTurns<T>(serdes, record.StepDetails?.Result, REPLAYED_STEP_TURNS);
}

/** A step that already failed: validate, then reject with its recorded error. */
function replayFailedStep<T>(op: OperationHandle, record: OperationRecord): Promise<T> {
  if (!op.validateReplay(record)) return op.park();
  op.setState('COMPLETED');
  return afterTurns(Promise.reject(errorFromErrorObject(record.StepDetails?.Error)), REPLAYED_FAILED_STEP_TURNS);
}

function asError(thrown: unknown): Error {
  return thrown instanceof Error ? thrown : new Error(String(thrown));
}

async function runStep<T, L extends DurableLogger>(
  ctx: DurableContextImpl<L>,
  op: OperationHandle,
  call: StepCall<T, L>,
  timeoutMs: number | undefined,
): Promise<T> {
  if (!op.validateReplay()) return op.park();
  const serdes = call.config?.serdes ?? ctx.settings.serdes.defaultSerdes;
  const semantics = call.config?.semantics ?? StepSemantics.AtLeastOncePerRetry;
  const strategy = call.config?.retryStrategy ?? retryPresets.default;

  /**
   * Records a failed attempt: FAIL (and throw) or RETRY (and return the delay in seconds).
   * `ran`: the function ran this attempt (plugins hear of its end; not for an interrupted one).
   */
  const recordFailure = async (thrown: unknown, attempt: number, ran: boolean): Promise<number> => {
    if (isUnrecoverableError(thrown)) return op.halt(thrown);
    let decision: RetryDecision;
    try {
      // A strategy that returns nothing (plain JS) falls back to the default preset, as in the official SDK.
      const proposed: RetryDecision | undefined = strategy(asError(thrown), attempt);
      decision = proposed ?? retryPresets.default(asError(thrown), attempt);
    } catch (strategyError) {
      return op.halt(strategyError);
    }
    const errorObject = errorToErrorObject(thrown);
    if (!decision.shouldRetry) {
      await op.checkpoint({ Action: 'FAIL', Error: errorObject });
      op.setState('COMPLETED');
      if (ran) await attemptEnded(op, { attempt, outcome: 'FAILED', error: thrown });
      if (ran) await attemptEndedOperation(op, { attempt, outcome: 'FAILED', error: thrown });
      throw errorFromErrorObject(errorObject);
    }
    const delaySeconds = decision.delay ? durationToSeconds(decision.delay) : 1;
    await op.checkpoint({ Action: 'RETRY', Error: errorObject, StepOptions: { NextAttemptDelaySeconds: delaySeconds } });
    if (ran) await attemptEnded(op, { attempt, outcome: 'FAILED', error: thrown, nextAttemptDelaySeconds: delaySeconds });
    return delaySeconds;
  };

  /** Waits (normally: suspends) until the next attempt may run. */
  const awaitNextAttempt = async (delaySeconds?: number): Promise<void> => {
    const record = op.record();
    op.setState('RETRY_WAITING');
    const endTime =
      record?.StepDetails?.NextAttemptTimestamp ??
      (delaySeconds === undefined ? undefined : new Date(Date.now() + delaySeconds * 1000));
    await op.waitForStatusChange(record?.Status, endTime);
  };

  for (;;) {
    const record = op.record();
    if (record?.Status === 'SUCCEEDED') {
      op.setState('COMPLETED');
      return op.deserialize<T>(serdes, record.StepDetails?.Result);
    }
    if (record && (record.Status === 'FAILED' || record.Status === 'CANCELLED' || record.Status === 'TIMED_OUT' || record.Status === 'STOPPED')) {
      op.setState('COMPLETED');
      throw errorFromErrorObject(record.StepDetails?.Error);
    }
    if (record?.Status === 'PENDING') {
      await awaitNextAttempt();
      continue;
    }
    const attempt = (record?.StepDetails?.Attempt ?? 0) + 1;
    if (record?.Status === 'STARTED' && semantics === StepSemantics.AtMostOncePerRetry) {
      // The previous attempt started but never reported back: it must not run again.
      const delay = await recordFailure(new StepInterruptedError(op.rawId, op.name), attempt, false);
      await awaitNextAttempt(delay);
      continue;
    }
    // Too close to the invocation's deadline to start an attempt: a fresh invocation runs it.
    if (pastDeadline(ctx, op, 'Step')) return op.park();
    // The awaited hooks put the function two microtask turns after the call even without
    // plugins, as in the official SDK, so interleaved steps and child contexts start in the same order.
    const retrying = (record?.StepDetails?.Attempt ?? 0) >= 1;
    op.setState('EXECUTING');
    if (record?.Status !== 'STARTED') {
      const started = op.checkpoint({ Action: 'START' });
      if (semantics === StepSemantics.AtMostOncePerRetry) await started;
      const fromRecord = semantics === StepSemantics.AtMostOncePerRetry;
      await operationStarted(op, fromRecord ? { isReplay: retrying } : { isReplay: retrying, from: 'identity', status: 'STARTED' });
    } else {
      await operationStarted(op, { isReplay: true });
    }
    const hooks = beginAttempt(op, attempt, semantics);
    await hooks.started;
    let result: T;
    const running = beginStepAttempt(ctx, op, { kind: 'Step', timeoutMs, attempt });
    // The invocation's deadline records this attempt's failure itself (then ends the invocation).
    running.recordDetached = (error) => recordFailure(error, attempt, true).then(() => 'retry' as const, () => 'failed' as const);
    try {
      const scope = {
        contextId: op.rawId,
        mode: () => DurableExecutionMode.ExecutionMode,
        operationRawId: op.rawId,
        operationName: op.name,
        attempt,
      };
      const stepContext = {
        logger: ctx.operationLogger(),
        attempt,
        get signal(): AbortSignal {
          return running.signal;
        },
      };
      result = await runInScope(scope, () => hooks.run(() => running.run(() => call.fn(stepContext))));
    } catch (thrown) {
      endAttempt(ctx, running);
      if (running.detached) return parkDetached(op, running);
      const delay = await recordFailure(thrown, attempt, true);
      await awaitNextAttempt(delay);
      continue;
    }
    endAttempt(ctx, running);
    if (running.detached) return parkDetached(op, running);
    const serialized = await op.serialize(serdes, result);
    const succeeded = op.checkpoint({ Action: 'SUCCEED', Payload: serialized });
    // Pipelined mode: an at-least-once result may be lost with the invocation (the step then
    // runs again), so it need not wait; FIFO order keeps every later update behind it.
    if (!ctx.invocation.pipelinedCheckpoints || semantics === StepSemantics.AtMostOncePerRetry) await succeeded;
    await attemptEnded(op, { attempt, outcome: 'SUCCEEDED' });
    await attemptEndedOperation(op, { attempt, outcome: 'SUCCEEDED' });
    op.setState('COMPLETED');
    return op.deserialize<T>(serdes, serialized);
  }
}

/** A detached attempt's function settled after all: its outcome is discarded (said once). */
function parkDetached<T>(op: OperationHandle, running: StepAttempt): Promise<T> {
  running.reportLateSettle();
  return op.park();
}
