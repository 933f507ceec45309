/**
 * `context.waitForCondition` (§5.7.3): polls a check function durably. Each check runs like a
 * step attempt; the state is recorded with RETRY between polls (suspending for the strategy's
 * delay) and with SUCCEED once the strategy stops. No replay validation, as in the official SDK.
 */
import type { DurableContextImpl } from '../context/durable-context.js';
import { parkedPromise } from '../engine/parked-promise.js';
import { runInScope } from '../engine/context-tracker.js';
import type { DurablePromise } from '../engine/durable-promise.js';
import { twoPhase } from '../engine/durable-promise.js';
import { DurableExecutionMode } from '../engine/modes.js';
import { errorFromErrorObject, errorToErrorObject, isUnrecoverableError } from '../errors.js';
import type { DurableLogger } from '../logger/types.js';
import { durationToSeconds } from '../retry/duration.js';
import type { WaitForConditionCheckFunc, WaitForConditionConfig } from '../types.js';
import { attemptEnded, attemptEndedOperation, beginAttempt, operationStarted } from '../plugins/operation-hooks.js';
import type { OperationHandle } from './operation-handle.js';
import { beginStepAttempt, endAttempt, pastDeadline, timeoutMsOf } from './attempt-control.js';

/** Arguments of one `waitForCondition` call. */
export interface WaitForConditionCall<T, L extends DurableLogger> {
  name: string | undefined;
  check: WaitForConditionCheckFunc<T, L>;
  config: WaitForConditionConfig<T>;
}

/** Entry point used by the context. Throws synchronously on a missing strategy or state. */
export function waitForConditionOperation<T, L extends DurableLogger>(
  ctx: DurableContextImpl<L>,
  call: WaitForConditionCall<T, L>,
): DurablePromise<T> {
  if (typeof call.config?.waitStrategy !== 'function') {
    throw new Error('waitForCondition requires config with waitStrategy and initialState (config.waitStrategy is missing; e.g. createWaitStrategy({...})).');
  }
  if (call.config.initialState === undefined) {
    throw new Error('waitForCondition requires config with waitStrategy and initialState (config.initialState is undefined).');
  }
  const timeoutMs = timeoutMsOf('waitForCondition', 'config.timeout', call.config.timeout);
  if (timeoutMs instanceof TypeError) throw timeoutMs;
  const op = ctx.beginOperation('waitForCondition', call.name, { type: 'STEP', subType: 'WaitForCondition' });
  if (!op) return parkedPromise<T>(ctx.invocation);
  return twoPhase(runWaitForCondition(ctx, op, call, timeoutMs));
}

async function runWaitForCondition<T, L extends DurableLogger>(
  ctx: DurableContextImpl<L>,
  op: OperationHandle,
  call: WaitForConditionCall<T, L>,
  timeoutMs: number | undefined,
): Promise<T> {
  const serdes = call.config.serdes ?? ctx.settings.serdes.defaultSerdes;
  for (;;) {
    const record = op.record();
    if (record?.Status === 'SUCCEEDED') {
      op.setState('COMPLETED');
      return op.deserialize<T>(serdes, record.StepDetails?.Result);
    }
    if (record && ['FAILED', 'CANCELLED', 'TIMED_OUT', 'STOPPED'].includes(record.Status)) {
      op.setState('COMPLETED');
      throw errorFromErrorObject(record.StepDetails?.Error);
    }
    if (record?.Status === 'PENDING') {
      op.setState('RETRY_WAITING');
      await op.waitForStatusChange('PENDING', record.StepDetails?.NextAttemptTimestamp);
      continue;
    }
    const hasState = (record?.Status === 'STARTED' || record?.Status === 'READY') && record.StepDetails?.Result !== undefined;
    const state = hasState ? await op.deserialize<T>(serdes, record?.StepDetails?.Result) : call.config.initialState;
    const attempt = (record?.StepDetails?.Attempt ?? 0) + 1;
    // Too close to the invocation's deadline to start a check: a fresh invocation runs it.
    if (pastDeadline(ctx, op, 'waitForCondition check')) return op.park();
    op.setState('EXECUTING');
    // The awaited hooks give the same start delay as a step function (two microtask turns).
    if (record?.Status !== 'STARTED') void op.checkpoint({ Action: 'START' });
    const retrying = (record?.StepDetails?.Attempt ?? 0) >= 1;
    await operationStarted(op, record?.Status !== 'STARTED' ? { isReplay: retrying, from: 'identity', status: 'STARTED' } : { isReplay: true });
    const hooks = beginAttempt(op, attempt);
    await hooks.started;
    let next: T;
    let decision: ReturnType<WaitForConditionConfig<T>['waitStrategy']>;
    let serialized: string | undefined;
    // At the deadline a check is abandoned unrecorded (the invocation is retried and the check
    // runs again, as after a crash): a check's failure would end the whole waitForCondition.
    const running = beginStepAttempt(ctx, op, { kind: 'waitForCondition check', timeoutMs, attempt });
    try {
      const scope = {
        contextId: op.rawId,
        mode: () => DurableExecutionMode.ExecutionMode,
        operationRawId: op.rawId,
        operationName: op.name,
        attempt,
      };
      const checkContext = {
        logger: ctx.operationLogger(),
        attempt,
        get signal(): AbortSignal {
          return running.signal;
        },
      };
      const checked = await runInScope(scope, () => hooks.run(() => running.run(() => call.check(state, checkContext))));
      endAttempt(ctx, running);
      if (running.detached) {
        running.reportLateSettle();
        return await op.park();
      }
      const roundTrip = await op.roundTrip(serdes, checked);
      serialized = roundTrip.serialized;
      next = roundTrip.value;
      decision = call.config.waitStrategy(next, attempt);
    } catch (thrown) {
      endAttempt(ctx, running);
      if (running.detached) {
        running.reportLateSettle();
        return op.park();
      }
      if (isUnrecoverableError(thrown)) return op.halt(thrown);
      const errorObject = errorToErrorObject(thrown);
      await op.checkpoint({ Action: 'FAIL', Error: errorObject });
      op.setState('COMPLETED');
      await attemptEnded(op, { attempt, outcome: 'FAILED', error: thrown, endAsStart: true });
      await attemptEndedOperation(op, { attempt, outcome: 'FAILED', error: thrown });
      throw errorFromErrorObject(errorObject);
    }
    if (!decision.shouldContinue) {
      await op.checkpoint({ Action: 'SUCCEED', Payload: serialized });
      await attemptEnded(op, { attempt, outcome: 'SUCCEEDED', endAsStart: true });
      await attemptEndedOperation(op, { attempt, outcome: 'SUCCEEDED' });
      op.setState('COMPLETED');
      return next;
    }
    const delaySeconds = durationToSeconds(decision.delay);
    await op.checkpoint({ Action: 'RETRY', Payload: serialized, StepOptions: { NextAttemptDelaySeconds: delaySeconds } });
    await attemptEnded(op, { attempt, outcome: 'SUCCEEDED', endAsStart: true, nextAttemptDelaySeconds: delaySeconds });
    op.setState('RETRY_WAITING');
    const after = op.record();
    if (after?.Status !== 'PENDING') {
      await op.waitForStatusChange(after?.Status, new Date(Date.now() + delaySeconds * 1000));
    }
  }
}
