/**
 * Operation-level hook calls, one line per call site in the operation modules. Each returns
 * what `runner.notify` returns (undefined without plugins), so `await` costs one microtask turn
 * then, as in the official SDK; info objects are only built when a plugin is configured.
 */
import type { DurableContextImpl } from '../context/durable-context.js';
import { hashOperationId } from '../engine/ids.js';
import type { OperationHandle } from '../operations/operation-handle.js';
import { assignChildBudget } from './child-depth.js';
import type { OperationIdentity } from './info.js';
import { asError, attemptEndInfo, attemptInfo, recordInfo } from './info.js';
import type { AttemptEndInfoOutcome, AttemptInfo, OperationInfo, PluginOperationStatus } from './types.js';
import { INVOKE_CARRIER_FIELD } from './types.js';

const pluginNames = new WeakMap<OperationHandle, string>();

/**
 * Gives an operation a name only plugins see (never checkpointed), as the official SDK does for
 * the parts of composite operations, e.g. waitForCallback's `<name>-callback` / `<name>-submitter`.
 */
export function labelForPlugins(op: OperationHandle, name: string | undefined): void {
  if (name !== undefined) pluginNames.set(op, name);
}

/** The operation's ids and kind as plugins see them (wire ids). */
export function operationIdentity(op: OperationHandle): OperationIdentity {
  return {
    id: op.wireId,
    name: pluginNames.get(op) ?? op.name,
    type: op.kind.type,
    subType: op.kind.subType,
    parentId: op.parentRawId === undefined ? undefined : hashOperationId(op.parentRawId),
  };
}

/** How an operation's start/end info is made. */
export interface OperationHookOptions {
  isReplay: boolean;
  /** Build from the live record (default) or from the identity alone (no record fields). */
  from?: 'record' | 'identity';
  /** Status to report instead of the one the record has. */
  status?: PluginOperationStatus;
  error?: unknown;
  /** CONTEXT operations: whether the context's function runs over checkpointed children. */
  replayingChildren?: boolean;
}

function operationInfo(op: OperationHandle, options: OperationHookOptions): OperationInfo {
  const identity = operationIdentity(op);
  const info: OperationInfo = options.from === 'identity' ? { ...identity, isReplay: false } : recordInfo(op.record(), identity);
  if (options.status !== undefined) info.status = options.status;
  if (options.error !== undefined) info.error = asError(options.error);
  info.isReplay = options.isReplay;
  if (options.replayingChildren !== undefined) info.isReplayingChildren = options.replayingChildren;
  return info;
}

/** `onOperationStart`. */
export function operationStarted(op: OperationHandle, options: OperationHookOptions): Promise<void> | undefined {
  return op.invocation.plugins.runner.notify('onOperationStart', () => operationInfo(op, options));
}

/** `onOperationEnd`. */
export function operationEnded(op: OperationHandle, options: OperationHookOptions): Promise<void> | undefined {
  return op.invocation.plugins.runner.notify('onOperationEnd', () => operationInfo(op, options));
}

/**
 * `onOperationEnd` of an operation found completed when the invocation began: live (not a
 * replay) only if the service completed it since the previous invocation.
 */
export function completedOperationEnded(op: OperationHandle): Promise<void> | undefined {
  return operationEnded(op, { isReplay: !op.invocation.plugins.updatedBetweenInvocations(op.wireId) });
}

/** One attempt of a step function or condition check. */
export interface AttemptHooks {
  /** `onOperationAttemptStart` (await it before running the function). */
  readonly started: Promise<void> | undefined;
  /** Runs the user function through every plugin's `wrapOperationAttemptFn`. */
  run<R>(fn: () => R): R;
}

/**
 * Starts attempt `attempt` of `op`: the same info goes to attemptStart and the wrap hooks.
 * `semantics`: a step's, reported to plugins (crash exploration tells the two kinds apart).
 */
export function beginAttempt(op: OperationHandle, attempt: number, semantics?: AttemptInfo['semantics']): AttemptHooks {
  const { runner } = op.invocation.plugins;
  let info: AttemptInfo | undefined;
  const build = (): AttemptInfo => {
    info ??= { ...attemptInfo(op.record(), operationIdentity(op), attempt), startTimestamp: new Date(), ...(semantics ? { semantics } : {}) };
    return info;
  };
  return {
    started: runner.notify('onOperationAttemptStart', build),
    run: (fn) => runner.wrap('wrapOperationAttemptFn', build, fn),
  };
}

/**
 * `onOperationAttemptEnd`, with the attempt's own end time (beyond 2.4) and the delay before
 * the next attempt, if any. `endAsStart` reports the record's end time as start time
 * (waitForCondition, as the official SDK does).
 */
export function attemptEnded(
  op: OperationHandle,
  options: { attempt: number; outcome: AttemptEndInfoOutcome; error?: unknown; endAsStart?: boolean; nextAttemptDelaySeconds?: number },
): Promise<void> | undefined {
  return op.invocation.plugins.runner.notify('onOperationAttemptEnd', () => {
    const record = op.record();
    const info = attemptEndInfo(record, operationIdentity(op), { ...options, endTimestamp: new Date() });
    if (options.endAsStart) info.startTimestamp = recordInfo(record, operationIdentity(op)).endTimestamp;
    if (options.nextAttemptDelaySeconds !== undefined) info.nextAttemptDelaySeconds = options.nextAttemptDelaySeconds;
    return info;
  });
}

/**
 * `onOperationEnd` right after an attempt ended the operation: the attempt's end info, not a
 * replay (with the outcome field, as the official SDK sends it).
 */
export function attemptEndedOperation(
  op: OperationHandle,
  options: { attempt: number; outcome: AttemptEndInfoOutcome; error?: unknown },
): Promise<void> | undefined {
  return op.invocation.plugins.runner.notify('onOperationEnd', () => ({
    ...attemptEndInfo(op.record(), operationIdentity(op), options),
    isReplay: false,
  }));
}

/**
 * A `context.invoke` input with the plugins' `invokeCarrier` fields added under
 * {@link INVOKE_CARRIER_FIELD} (beyond 2.4). Without such plugins, or for an input that is not a
 * plain object, the input itself: what is sent stays the official SDK's.
 */
export function withInvokeCarrier<I>(op: OperationHandle, input: I): I {
  const fields = op.invocation.plugins.runner.invokeCarrier(() => ({ ...operationIdentity(op), isReplay: false }));
  if (!fields || typeof input !== 'object' || input === null || Array.isArray(input) || Object.getPrototypeOf(input) !== Object.prototype) return input;
  return { ...input, [INVOKE_CARRIER_FIELD]: fields };
}

/** Runs a child-context function through every plugin's `wrapChildContextFn`. */
export function wrapChildFunction<R>(op: OperationHandle, isReplay: boolean, fn: () => R, isReplayingChildren = isReplay): R {
  return op.invocation.plugins.runner.wrap('wrapChildContextFn', () => ({ ...operationIdentity(op), isReplay, isReplayingChildren }), fn);
}

/**
 * Gives a new child context its `childOperationsDepth` budget; true when the child context's
 * CONTEXT record must carry ReplayChildren so its children are kept.
 */
export function keepsChildren(parent: DurableContextImpl<any>, child: DurableContextImpl<any>, virtual: boolean): boolean {
  const rootBudget = parent.contextId === 'root' ? parent.invocation.plugins.rootChildDepth : 0;
  return assignChildBudget({ parent, child, virtual, rootBudget });
}
