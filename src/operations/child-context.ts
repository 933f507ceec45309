/**
 * `context.runInChildContext` (§5.7.7): runs a function in a context of its own (ids `E-1`,
 * `E-2`, …) and records its result as a CONTEXT. Results over 256 KiB are not stored: the
 * context is marked ReplayChildren and re-executed from its children's records on replay.
 */
import type { DurableContextImpl } from '../context/durable-context.js';
import { parkedPromise } from '../engine/parked-promise.js';
import type { DurablePromise } from '../engine/durable-promise.js';
import { afterTurns, twoPhase } from '../engine/durable-promise.js';
import { childContextMode, DurableExecutionMode } from '../engine/modes.js';
import type { DurableOperationError } from '../errors.js';
import { ChildContextError, errorFromErrorObject, errorToErrorObject, isUnrecoverableError } from '../errors.js';
import type { DurableLogger } from '../logger/types.js';
import { Limits } from '../protocol.js';
import type { ChildConfig, ChildFunc } from '../types.js';
import { keepsChildren, operationEnded, operationStarted, wrapChildFunction } from '../plugins/operation-hooks.js';
import type { OperationHandle } from './operation-handle.js';

/** Arguments of one `runInChildContext` call. */
export interface ChildContextCall<T, L extends DurableLogger> {
  name: string | undefined;
  fn: ChildFunc<T, L>;
  config: ChildConfig<T> | undefined;
  /** Public method named in context-misuse errors (operations built on child contexts). */
  apiName?: string;
  /**
   * A replayed result settles on the official SDK's turn for `runInChildContext`. Operations
   * built on child contexts (map, parallel, waitForCallback, combinators) leave it off and time
   * their whole result themselves.
   */
  officialReplayTurns?: boolean;
}

/** Entry point used by the context (and by operations built from child contexts). */
export function runChildContext<T, L extends DurableLogger>(ctx: DurableContextImpl<L>, call: ChildContextCall<T, L>): DurablePromise<T> {
  const subType = call.config?.subType ?? 'RunInChildContext';
  const op = ctx.beginOperation(call.apiName ?? 'runInChildContext', call.name, { type: 'CONTEXT', subType });
  if (!op) return parkedPromise<T>(ctx.invocation);
  return twoPhase(runChild(ctx, op, call));
}

function mapChildError<T>(config: ChildConfig<T> | undefined, reconstructed: DurableOperationError): DurableOperationError {
  return config?.errorMapper ? config.errorMapper(reconstructed) : new ChildContextError(reconstructed.message, reconstructed);
}

/** Extra microtask turns before a replayed context settles: the official SDK's turn (test/interop/replay-turns.test.ts). */
const REPLAYED_CONTEXT_TURNS = 5;
const REPLAYED_FAILED_CONTEXT_TURNS = 4;

async function runChild<T, L extends DurableLogger>(ctx: DurableContextImpl<L>, op: OperationHandle, call: ChildContextCall<T, L>): Promise<T> {
  const virtual = call.config?.virtualContext === true;
  const { tracker } = ctx.invocation;
  if (!virtual && !op.validateReplay()) return op.park();
  const serdes = call.config?.serdes ?? ctx.settings.serdes.defaultSerdes;
  const record = virtual ? undefined : op.record();
  if (record?.Status === 'FAILED') {
    tracker.markContextFinished(op.rawId);
    const error = mapChildError(call.config, errorFromErrorObject(record.ContextDetails?.Error));
    if (call.officialReplayTurns) return afterTurns(Promise.reject(error), REPLAYED_FAILED_CONTEXT_TURNS);
    throw error;
  }
  if (record?.Status === 'SUCCEEDED' && !record.ContextDetails?.ReplayChildren) {
    tracker.markContextFinished(op.rawId);
    const value = op.deserialize<T>(serdes, record.ContextDetails?.Result);
    return call.officialReplayTurns ? afterTurns(value, REPLAYED_CONTEXT_TURNS) : value;
  }
  // A succeeded ReplayChildren context re-executes to rebuild its (unstored) result.
  const rebuilding = record?.Status === 'SUCCEEDED';
  const child = ctx.createChildContext({
    rawId: op.rawId,
    virtual,
    mode: virtual ? ctx.mode : childContextMode(record),
    ...(op.name !== undefined ? { name: op.name } : {}),
  });
  // pluginsConfig.childOperationsDepth: keep this context's children in later invocations' state.
  const keepChildren = keepsChildren(ctx, child, virtual);
  const live = !virtual && !rebuilding;
  if (!record && !virtual) void op.checkpoint({ Action: 'START' });
  // The child function starts after the caller's synchronous code (the awaited hook takes one
  // microtask turn without plugins), as in the official SDK: sibling contexts created together
  // record their STARTs before any of their children. A rebuilt context reports no hooks.
  const startedNow = !record && !virtual;
  const childIsReplay = child.mode !== DurableExecutionMode.ExecutionMode;
  // Beyond 2.4: whether the function runs over checkpointed children: a context started in an
  // earlier invocation (its record exists), or a virtual one inside a replaying parent. A rebuilt
  // ReplayChildren context reports no hooks at all, as in 2.4.
  const replayingChildren = virtual ? ctx.mode !== DurableExecutionMode.ExecutionMode : record !== undefined;
  if (rebuilding) await Promise.resolve();
  else await operationStarted(op, { isReplay: !startedNow, from: 'identity', status: startedNow ? 'STARTED' : undefined, replayingChildren });
  let result: T;
  try {
    const run = (): Promise<T> => call.fn(child);
    result = await child.runAsContext(() => (rebuilding ? run() : wrapChildFunction(op, childIsReplay, run, replayingChildren)));
  } catch (thrown) {
    tracker.markContextFinished(op.rawId);
    if (isUnrecoverableError(thrown)) return op.halt(thrown);
    const errorObject = errorToErrorObject(thrown);
    if (live) void op.checkpoint({ Action: 'FAIL', Error: errorObject, ContextOptions: keepChildren ? { ReplayChildren: true } : undefined });
    const reconstructed = errorFromErrorObject(errorObject);
    if (!rebuilding) await operationEnded(op, { isReplay: virtual, from: virtual ? 'identity' : 'record', status: 'FAILED', error: reconstructed, replayingChildren });
    throw mapChildError(call.config, reconstructed);
  }
  tracker.markContextFinished(op.rawId);
  const serialized = await op.serialize(serdes, result);
  if (live) {
    const tooLarge = Buffer.byteLength(serialized ?? '', 'utf8') > Limits.CHECKPOINT_PAYLOAD_BYTES;
    if (tooLarge) {
      const summary = call.config?.summaryGenerator ? call.config.summaryGenerator(result) : '';
      void op.checkpoint({ Action: 'SUCCEED', Payload: summary, ContextOptions: { ReplayChildren: true } });
    } else {
      void op.checkpoint({ Action: 'SUCCEED', Payload: serialized, ContextOptions: keepChildren ? { ReplayChildren: true } : undefined });
    }
  }
  if (!rebuilding) await operationEnded(op, { isReplay: virtual, from: virtual ? 'identity' : 'record', status: 'SUCCEEDED', replayingChildren });
  return op.deserialize<T>(serdes, serialized);
}
