/**
 * The plugin state of one invocation: the runner, which operations the service changed since
 * the previous invocation (`UpdatedOperationIds`), the child-context preservation budget of the
 * root context, and the `onOperationChange` dispatch used by the checkpoint pipeline.
 */
import type { ExecutionState, OperationRecord } from '../engine/execution-state.js';
import { toOperationInfoMap } from './info.js';
import type { PluginRunner } from './runner.js';
import { NO_PLUGINS } from './runner.js';

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
