/**
 * `context.createCallback` (§5.7.5): registers a callback (START acknowledged, the service
 * returns its CallbackId) and returns `[promise, callbackId]`. The promise settles when an
 * external system completes the callback, normally in a later invocation.
 */
import type { DurableContextImpl } from '../context/durable-context.js';
import { parkedPromise } from '../engine/parked-promise.js';
import type { DurablePromise } from '../engine/durable-promise.js';
import { twoPhase } from '../engine/durable-promise.js';
import type { OperationRecord } from '../engine/execution-state.js';
import { isTerminalStatus } from '../engine/execution-state.js';
import { CallbackError, CallbackExternalError, CallbackTimeoutError } from '../errors.js';
import type { DurableLogger } from '../logger/types.js';
import { durationToSeconds } from '../retry/duration.js';
import type { Serdes } from '../serdes/serdes.js';
import type { CreateCallbackConfig, CreateCallbackResult } from '../types.js';
import { completedOperationEnded, labelForPlugins, operationEnded, operationStarted } from '../plugins/operation-hooks.js';
import type { OperationHandle } from './operation-handle.js';

/** Entry point used by the context. */
export function createCallbackOperation<T, L extends DurableLogger>(
  ctx: DurableContextImpl<L>,
  call: { name: string | undefined; config: CreateCallbackConfig<T> | undefined; pluginName?: string },
): DurablePromise<CreateCallbackResult<T>> {
  const op = ctx.beginOperation('createCallback', call.name, { type: 'CALLBACK', subType: 'Callback' });
  if (!op) return parkedPromise<CreateCallbackResult<T>>(ctx.invocation);
  labelForPlugins(op, call.pluginName);
  const deserializer = (call.config?.serdes ?? ctx.settings.serdes.defaultCallbackDeserializer) as Pick<Serdes<T>, 'deserialize'>;
  return twoPhase(registerCallback(op, call.config, deserializer, () => ctx.refreshReplayMode()));
}

async function registerCallback<T>(
  op: OperationHandle,
  config: CreateCallbackConfig<T> | undefined,
  deserializer: Pick<Serdes<T>, 'deserialize'>,
  completed: () => void,
): Promise<CreateCallbackResult<T>> {
  if (!op.validateReplay()) return op.park();
  const existing = op.record();
  if (!existing) {
    await op.checkpoint({
      Action: 'START',
      CallbackOptions: {
        TimeoutSeconds: config?.timeout ? durationToSeconds(config.timeout) : undefined,
        HeartbeatTimeoutSeconds: config?.heartbeatTimeout ? durationToSeconds(config.heartbeatTimeout) : undefined,
      },
    });
  }
  const callbackId = op.record()?.CallbackDetails?.CallbackId;
  if (!callbackId) {
    throw new CallbackError(`No callback ID found for callback ${op.name === undefined ? op.rawId : `"${op.name}"`} after it was started.`);
  }
  const completedBefore = isTerminalStatus(existing?.Status);
  if (completedBefore) await completedOperationEnded(op);
  else await operationStarted(op, { isReplay: existing !== undefined });
  if (isTerminalStatus(op.record()?.Status)) op.setState('COMPLETED');
  else op.setState('IDLE_NOT_AWAITED');
  const result = twoPhase(Promise.resolve(), () => awaitCallback(op, deserializer, completedBefore).finally(completed));
  return [result, callbackId];
}

/** `reported`: plugins already heard of the end (the callback was complete when registered). */
async function awaitCallback<T>(op: OperationHandle, deserializer: Pick<Serdes<T>, 'deserialize'>, reported: boolean): Promise<T> {
  let record = op.record();
  while (!isTerminalStatus(record?.Status)) {
    op.setState('IDLE_AWAITED');
    record = await op.waitForStatusChange(record?.Status);
  }
  op.setState('COMPLETED');
  return settleCallback(op, record as OperationRecord, deserializer, reported);
}

async function settleCallback<T>(
  op: OperationHandle,
  record: OperationRecord,
  deserializer: Pick<Serdes<T>, 'deserialize'>,
  reported: boolean,
): Promise<T> {
  const details = record.CallbackDetails;
  if (record.Status === 'SUCCEEDED') {
    if (!reported) await operationEnded(op, { isReplay: false });
    return op.deserialize(deserializer, details?.Result);
  }
  const message = details?.Error?.ErrorMessage;
  const cause = new Error(message);
  if (details?.Error?.ErrorType) cause.name = details.Error.ErrorType;
  const error =
    record.Status === 'TIMED_OUT'
      ? new CallbackTimeoutError(message || 'Callback timed out', cause, details?.Error?.ErrorData)
      : new CallbackExternalError(message || 'Callback failed', cause, details?.Error?.ErrorData);
  if (!reported) await operationEnded(op, { isReplay: false, error });
  throw error;
}
