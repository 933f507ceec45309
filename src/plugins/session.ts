/**
 * The plugin state of one invocation: the runner, which operations the service changed since
 * the previous invocation (`UpdatedOperationIds`), the child-context preservation budget of the
 * root context, and the `onOperationChange` dispatch used by the checkpoint pipeline.
 */
import type { ExecutionState, OperationRecord } from '../engine/execution-state.js';
import type { OperationUpdate } from '../protocol.js';
import { isEnvelopeText, parseEnvelope } from '../serdes/envelope.js';
import { asError } from './info.js';
import { toOperationInfoMap } from './info.js';
import type { PluginRunner } from './runner.js';
import { NO_PLUGINS } from './runner.js';

/** Size of the blob an enveloped payload was offloaded to (0 for any other payload). */
function offloadedBytes(payload: string | undefined): number {
  if (payload === undefined || !isEnvelopeText(payload)) return 0;
  try {
    return parseEnvelope(payload, undefined).o?.n ?? 0;
  } catch {
    return 0;
  }
}

/** Plugins as one invocation uses them. */
export class PluginSession {
  readonly runner: PluginRunner;
  /** Preservation budget of the root context (see child-depth.ts); 0 = nothing preserved. */
  readonly rootChildDepth: number;
  private readonly updatedIds: ReadonlySet<string>;

  constructor(
    private readonly state: ExecutionState,
    options: { runner?: PluginRunner; updatedOperationIds?: readonly string[]; rootChildDepth?: number } = {},
  ) {
    this.runner = options.runner ?? NO_PLUGINS;
    this.rootChildDepth = options.rootChildDepth ?? 0;
    this.updatedIds = new Set(options.updatedOperationIds ?? []);
  }

  /** True when the service changed the operation between the previous invocation and this one. */
  updatedBetweenInvocations(wireId: string): boolean {
    return this.updatedIds.has(wireId);
  }

  /** `onCheckpoint` (beyond 2.4) after a CheckpointDurableExecution call; not awaited. */
  checkpointed(call: { updates: readonly OperationUpdate[]; startTimestamp: Date; error?: unknown }): void {
    void this.runner.notify('onCheckpoint', () => ({
      executionArn: this.state.durableExecutionArn,
      updateCount: call.updates.length,
      payloadBytes: call.updates.reduce((sum, update) => sum + (update.Payload === undefined ? 0 : Buffer.byteLength(update.Payload, 'utf8')), 0),
      offloadedBytes: call.updates.reduce((sum, update) => sum + offloadedBytes(update.Payload), 0),
      startTimestamp: call.startTimestamp,
      endTimestamp: new Date(),
      error: call.error === undefined ? undefined : asError(call.error),
    }));
  }

  /** `onOperationChange` for records whose status a checkpoint response changed. */
  operationsChanged(changed: readonly OperationRecord[]): Promise<void> | undefined {
    if (changed.length === 0) return undefined;
    return this.runner.notify('onOperationChange', () => ({
      executionArn: this.state.durableExecutionArn,
      updatedOperations: toOperationInfoMap(changed),
      operations: toOperationInfoMap(this.state.all()),
    }));
  }
}
