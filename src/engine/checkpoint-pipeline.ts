/**
 * The checkpoint pipeline (§5.5): one CheckpointDurableExecution call in flight, updates queued
 * in the same tick coalesced into one request (≤ 750 KiB estimated, ≤ 250 updates), the token
 * rotated from every response and the returned operations merged into the execution state.
 */
import type { OperationUpdate } from '../protocol.js';
import { Limits } from '../protocol.js';
import type { CheckpointClient } from '../transport/checkpoint-client.js';
import type { ExecutionState, OperationRecord } from './execution-state.js';
import { checkpointFailure } from './failure-classification.js';
import { verboseLog } from '../logger/log-config.js';
import { hashOperationId } from './ids.js';
import type { SuspensionTracker } from './suspension.js';

/** An update as operations write it: raw ids, hashed when the batch is built. */
export interface PendingUpdate {
  /** Raw counter-path id of the operation. */
  readonly rawId: string;
  /** Raw id of the enclosing CONTEXT, if any. */
  readonly parentRawId?: string;
  /** The update without its ids; `Type` defaults to STEP and `Action` to START. */
  readonly update: Partial<Omit<OperationUpdate, 'Id' | 'ParentId'>>;
  /** Wire id to send verbatim instead of hashing `rawId` (the EXECUTION record). */
  readonly wireId?: string;
}

interface QueueItem {
  readonly pending: PendingUpdate | undefined;
  readonly size: number;
  readonly resolve: () => void;
}

const REQUEST_OVERHEAD_BYTES = 100;

/** Sequential, coalescing writer of checkpoints. */
export class CheckpointPipeline {
  private queue: QueueItem[] = [];
  private inFlight = false;
  private scheduled = false;
  private failed = false;
  private closed = false;
  private drainWaiters: (() => void)[] = [];
  /** Number of CheckpointDurableExecution calls made (for diagnostics and tests). */
  callCount = 0;

  constructor(
    private readonly options: {
      client: CheckpointClient;
      state: ExecutionState;
      tracker: SuspensionTracker;
      maxBatchBytes?: number;
      maxBatchUpdates?: number;
      /** Told which records a response changed the status of (plugins' onOperationChange); awaited before the batch resolves. */
      onStatusChanges?: (changed: readonly OperationRecord[]) => Promise<void> | undefined;
      /** Told of every call (plugins' onCheckpoint); only set when a plugin listens. */
      onCall?: (call: { updates: readonly OperationUpdate[]; startTimestamp: Date; error?: unknown }) => void;
    },
  ) {}

  /** True while anything is queued or a call is in flight. */
  get busy(): boolean {
    return this.inFlight || this.queue.length > 0 || this.scheduled;
  }

  /**
   * Queues an update; resolves when the request carrying it has been acknowledged. Updates
   * under a finished context, or written after the invocation ended, are not sent and park.
   */
  enqueue(pending: PendingUpdate): Promise<void> {
    const { tracker } = this.options;
    if (this.closed || this.failed || tracker.terminated || tracker.hasFinishedAncestor(pending.rawId)) return tracker.park();
    const size = Buffer.byteLength(JSON.stringify({ stepId: pending.rawId, data: pending.update }), 'utf8');
    return this.push(pending, size);
  }

  /** Asks the service for fresh state (a checkpoint with no updates unless others are queued). */
  forceRefresh(): Promise<void> {
    if (this.closed || this.failed || this.options.tracker.terminated) return this.options.tracker.park();
    return this.push(undefined, 0);
  }

  /** Resolves once nothing is queued or in flight (immediately after a failure). */
  drain(): Promise<void> {
    if (!this.busy || this.failed) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  /**
   * Refuses further updates: the invocation has answered, so work still running in the
   * background (an unawaited step) must not write into the next invocation's token chain.
   */
  close(): void {
    this.closed = true;
  }

  private push(pending: PendingUpdate | undefined, size: number): Promise<void> {
    return new Promise<void>((resolve) => {
      this.queue.push({ pending, size, resolve });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight || this.failed) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.sendNextBatch();
    });
  }

  private takeBatch(): QueueItem[] {
    const maxBytes = this.options.maxBatchBytes ?? Limits.CHECKPOINT_BATCH_BYTES;
    const maxUpdates = this.options.maxBatchUpdates ?? Limits.CHECKPOINT_BATCH_UPDATES;
    let bytes = this.options.state.checkpointToken.length + REQUEST_OVERHEAD_BYTES;
    let updates = 0;
    let count = 0;
    for (const item of this.queue) {
      const isUpdate = item.pending !== undefined;
      if (count > 0 && isUpdate && (bytes + item.size > maxBytes || updates + 1 > maxUpdates)) break;
      bytes += item.size;
      if (isUpdate) updates += 1;
      count += 1;
    }
    return this.queue.splice(0, count);
  }

  private toWire(pending: PendingUpdate): OperationUpdate {
    const update: OperationUpdate = {
      ...pending.update,
      Type: pending.update.Type ?? 'STEP',
      Action: pending.update.Action ?? 'START',
      Id: pending.wireId ?? hashOperationId(pending.rawId),
    };
    if (pending.parentRawId !== undefined) update.ParentId = hashOperationId(pending.parentRawId);
    for (const key of Object.keys(update) as (keyof OperationUpdate)[]) {
      if (update[key] === undefined) delete update[key];
    }
    return update;
  }

  private async sendNextBatch(): Promise<void> {
    const { client, state, tracker } = this.options;
    if (this.inFlight || this.failed || this.queue.length === 0) return this.afterBatch();
    // Gating happens at enqueue only: an update queued before its ancestor finished (a nested
    // context's own SUCCEED) must still go out.
    const batch = this.takeBatch();
    this.inFlight = true;
    const updates = batch.flatMap((item) => (item.pending ? [this.toWire(item.pending)] : []));
    verboseLog('durable-lambda: checkpoint', () => ({ updates: updates.map((u) => `${u.Type}:${u.Action}:${u.Id}`) }));
    let changed: OperationRecord[];
    const startTimestamp = this.options.onCall ? new Date() : undefined;
    try {
      this.callCount += 1;
      const response = await client.checkpoint({
        DurableExecutionArn: state.durableExecutionArn,
        CheckpointToken: state.checkpointToken,
        Updates: updates,
      });
      state.rotateToken(response?.CheckpointToken);
      changed = state.merge(response?.NewExecutionState?.Operations);
      if (startTimestamp) this.options.onCall?.({ updates, startTimestamp });
    } catch (error) {
      if (startTimestamp) this.options.onCall?.({ updates, startTimestamp, error });
      this.failed = true;
      this.inFlight = false;
      this.queue = [];
      const failure = checkpointFailure(error);
      verboseLog('durable-lambda: checkpoint failed', () => ({ error: failure.message }));
      const kind = failure.name === 'CheckpointUnrecoverableExecutionError' ? 'fail' : 'throw';
      tracker.terminate({ kind, reason: 'CHECKPOINT_FAILED', error: failure });
      this.releaseDrainWaiters();
      return;
    }
    const notified = this.options.onStatusChanges?.(changed);
    if (notified) await notified;
    this.inFlight = false;
    for (const item of batch) item.resolve();
    this.afterBatch();
  }

  private afterBatch(): void {
    if (this.queue.length > 0) {
      this.schedule();
      return;
    }
    if (!this.busy) {
      this.releaseDrainWaiters();
      this.options.tracker.evaluate();
    }
  }

  private releaseDrainWaiters(): void {
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
