/**
 * Everything one invocation shares: the execution state, the checkpoint pipeline, the
 * suspension tracker and the waiter. Built by the handler, used by contexts and operations.
 */
import { replayProbeOf, type ReplayProbe } from './replay-probe.js';
import { isUnrecoverableInvocationError } from '../errors.js';
import type { DurableLogData } from '../logger/types.js';
import { PluginSession } from '../plugins/session.js';
import type { Duration } from '../retry/duration.js';
import type { CheckpointClient } from '../transport/checkpoint-client.js';
import { CheckpointPipeline } from './checkpoint-pipeline.js';
import { ExecutionState } from './execution-state.js';
import { OperationWaiter } from './polling.js';
import { RunningAttempts } from './running-attempts.js';
import type { FaultReason } from './suspension.js';
import { SuspensionTracker } from './suspension.js';

/** Runtime shared by all contexts of one invocation. */
export class Invocation {
  readonly state: ExecutionState;
  /** Instrumentation plugins of this invocation (none unless the handler was configured with some). */
  readonly plugins: PluginSession;
  readonly tracker: SuspensionTracker;
  readonly pipeline: CheckpointPipeline;
  readonly waiter: OperationWaiter;
  /** Step attempts running now, and the invocation's deadline. */
  readonly attempts: RunningAttempts;
  readonly requestId: string;
  readonly tenantId: string | undefined;
  /** Pipelined checkpoints: at-least-once steps do not wait for their SUCCEED to be acknowledged. */
  readonly pipelinedCheckpoints: boolean;
  private isEnded = false;
  /** The replay gate's probe, when a replay tool runs this invocation (never in Lambda). */
  readonly replayProbe: ReplayProbe | undefined;
  /** Source of the execution fields of log records (set by the handler). */
  getDurableLogData: () => DurableLogData = () => ({ requestId: this.requestId, executionArn: this.durableExecutionArn });

  constructor(options: {
    client: CheckpointClient;
    plugins?: (state: ExecutionState) => PluginSession;
    state: ExecutionState;
    requestId: string;
    tenantId?: string;
    remainingTimeMs: () => number;
    cooldownMs?: number;
    pipelinedCheckpoints?: boolean;
    /** Safety margin before the deadline (`false`: no deadline handling). */
    deadlineMargin?: Duration | false;
  }) {
    this.state = options.state;
    this.pipelinedCheckpoints = options.pipelinedCheckpoints === true;
    this.replayProbe = replayProbeOf(options.client);
    this.requestId = options.requestId;
    this.tenantId = options.tenantId;
    this.plugins = options.plugins?.(options.state) ?? new PluginSession(options.state);
    this.tracker = new SuspensionTracker({
      // Read lazily: the pipeline is created right below, with the tracker.
      isPipelineBusy: () => this.pipeline.busy,
      cooldownMs: options.cooldownMs,
    });
    this.pipeline = new CheckpointPipeline({
      client: options.client,
      state: this.state,
      tracker: this.tracker,
      onStatusChanges: (changed) => this.plugins.operationsChanged(changed),
      onCall: this.plugins.runner.active ? (call) => this.plugins.checkpointed(call) : undefined,
    });
    this.waiter = new OperationWaiter({ state: this.state, pipeline: this.pipeline, remainingTimeMs: options.remainingTimeMs });
    this.attempts = new RunningAttempts({
      tracker: this.tracker,
      sealCheckpoints: () => this.pipeline.close(),
      remainingTimeMs: options.remainingTimeMs,
      margin: options.deadlineMargin,
    });
  }

  /** ARN of the execution. */
  get durableExecutionArn(): string {
    return this.state.durableExecutionArn;
  }

  /**
   * Ends the invocation because of `error`: invocation-level unrecoverable errors are rethrown
   * by the wrapper (Lambda retries), everything else makes the execution FAILED. The returned
   * promise never settles.
   */
  halt<T = never>(error: unknown, reason: FaultReason): Promise<T> {
    const kind = isUnrecoverableInvocationError(error) ? 'throw' : 'fail';
    this.tracker.terminate({ kind, reason, error });
    return this.tracker.park<T>();
  }

  /** True once the invocation is over (the handler's outcome was returned to Lambda). */
  get ended(): boolean {
    return this.isEnded;
  }

  /** Stops every timer of the invocation. */
  dispose(): void {
    this.isEnded = true;
    this.pipeline.close();
    this.tracker.dispose();
    this.waiter.dispose();
    this.attempts.dispose();
  }
}
