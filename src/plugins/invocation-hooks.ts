/**
 * Invocation-level hooks: `onInvocationStart`, `wrapInvocation` around the invocation's work and
 * `onInvocationEnd` with the status it ended with, plus the plugin-related config checks.
 */
import type { ExecutionState } from '../engine/execution-state.js';
import { recordTimestamp } from '../engine/execution-state.js';
import type { DurableExecutionInvocationOutput } from '../protocol.js';
import { childOperationsDepthProblem } from './child-depth.js';
import { asError, toOperationInfoMap } from './info.js';
import type { PluginRunner } from './runner.js';
import type { InvocationBaseInfo, InvocationInfo, OperationInfo, PluginInvocationStatus } from './types.js';

/** How the invocation ended, for `onInvocationEnd`. */
export interface InvocationEnd {
  status: PluginInvocationStatus;
  result?: unknown;
  error?: unknown;
}

/** The invocation hooks of one invocation. */
export class InvocationHooks {
  private startInfo: InvocationInfo | undefined;

  constructor(
    private readonly runner: PluginRunner,
    private readonly options: {
      state: ExecutionState;
      requestId: string;
      executionInput: unknown;
      updatedOperationIds: readonly string[] | undefined;
      isFirstInvocation: boolean;
    },
  ) {}

  private base(): InvocationBaseInfo {
    const { state } = this.options;
    return {
      requestId: this.options.requestId,
      executionArn: state.durableExecutionArn,
      executionInput: this.options.executionInput,
      operations: toOperationInfoMap(state.all()),
      executionStartTimestamp: recordTimestamp(state.executionRecord()?.StartTimestamp),
    };
  }

  private info(): InvocationInfo {
    if (this.startInfo) return this.startInfo;
    const base = this.base();
    const updatedOperations: Record<string, OperationInfo> = {};
    for (const id of this.options.updatedOperationIds ?? []) {
      const operation = base.operations[id];
      if (operation) updatedOperations[id] = operation;
    }
    this.startInfo = { ...base, isFirstInvocation: this.options.isFirstInvocation, updatedOperations };
    return this.startInfo;
  }

  /** `onInvocationStart` (await it before running the handler). */
  started(): Promise<void> | undefined {
    return this.runner.notify('onInvocationStart', () => this.info());
  }

  /** Runs the invocation's work through every plugin's `wrapInvocation`. */
  wrap(fn: () => Promise<DurableExecutionInvocationOutput>): Promise<DurableExecutionInvocationOutput> {
    return this.runner.wrap('wrapInvocation', () => this.info(), fn);
  }

  /** `onInvocationEnd`, with the operations as they are now. */
  ended(end: InvocationEnd): Promise<void> | undefined {
    return this.runner.notify('onInvocationEnd', () => ({
      ...this.base(),
      isFirstInvocation: this.options.isFirstInvocation,
      status: end.status,
      executionResult: end.result,
      executionError: end.error === undefined ? undefined : asError(end.error),
    }));
  }
}

/** Plugin options of `withDurableExecution` that make every invocation FAILED (message), if any. */
export function pluginsConfigProblem(config: { pluginsConfig?: { childOperationsDepth?: number } } | undefined): string | undefined {
  return childOperationsDepthProblem(config?.pluginsConfig?.childOperationsDepth);
}
