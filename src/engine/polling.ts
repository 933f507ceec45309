/**
 * Waiting in-process for an operation's status to change (§5.4): a local timer until the known
 * end time (1 s if unknown), then a state refresh; re-armed with a growing delay while nothing
 * changed. Every timer is disposed when the invocation ends.
 */
import type { CheckpointPipeline } from './checkpoint-pipeline.js';
import type { ExecutionState, OperationRecord } from './execution-state.js';

export const INITIAL_POLL_DELAY_MS = 1_000;
export const POLL_INTERVAL_CEILING_MS = 10_000;
export const EXTENDED_POLL_INTERVAL_CEILING_MS = 60_000;
export const POLLS_BEFORE_EXTENDED_INTERVAL = 95;
export const MIN_REMAINING_TIME_TO_POLL_MS = 1_000;
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/** Delay before poll number `pollCount` (0-based) when the end time is unknown or passed. */
export function pollBackoffMs(pollCount: number): number {
  const ceiling = pollCount >= POLLS_BEFORE_EXTENDED_INTERVAL ? EXTENDED_POLL_INTERVAL_CEILING_MS : POLL_INTERVAL_CEILING_MS;
  return Math.min(INITIAL_POLL_DELAY_MS * (pollCount + 1), ceiling);
}

/** Waits for status changes of operations, polling the service when needed. */
export class OperationWaiter {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly unsubscribers = new Set<() => void>();
  private disposed = false;

  constructor(
    private readonly options: {
      state: ExecutionState;
      pipeline: CheckpointPipeline;
      remainingTimeMs: () => number;
      now?: () => number;
    },
  ) {}

  /**
   * Resolves with the record of `wireId` as soon as its status differs from `fromStatus`
   * (known end time: `endTime`). Never settles if the invocation ends first.
   */
  waitForStatusChange(wireId: string, fromStatus: string | undefined, endTime?: Date): Promise<OperationRecord> {
    const { state } = this.options;
    const current = state.get(wireId);
    if (current && current.Status !== fromStatus) return Promise.resolve(current);
    return new Promise<OperationRecord>((resolve) => {
      let settled = false;
      let timer: NodeJS.Timeout | undefined;
      const finish = (record: OperationRecord): void => {
        if (settled) return;
        settled = true;
        unsubscribe();
        this.unsubscribers.delete(unsubscribe);
        if (timer) {
          clearTimeout(timer);
          this.timers.delete(timer);
        }
        resolve(record);
      };
      const unsubscribe = state.onStatusChange(wireId, (record) => {
        if (record.Status !== fromStatus) finish(record);
      });
      this.unsubscribers.add(unsubscribe);
      const arm = (pollCount: number): void => {
        if (settled || this.disposed) return;
        const now = this.options.now?.() ?? Date.now();
        const untilEnd = endTime && pollCount === 0 ? Math.max(0, endTime.getTime() - now) : undefined;
        const delay = untilEnd ?? pollBackoffMs(Math.max(0, pollCount - (endTime ? 1 : 0)));
        const remaining = this.options.remainingTimeMs();
        if (remaining < MIN_REMAINING_TIME_TO_POLL_MS || delay > remaining - MIN_REMAINING_TIME_TO_POLL_MS) return;
        if (delay > MAX_TIMER_DELAY_MS) return;
        timer = setTimeout(() => {
          if (timer) this.timers.delete(timer);
          timer = undefined;
          this.options.pipeline.forceRefresh().then(
            () => {
              const record = state.get(wireId);
              if (record && record.Status !== fromStatus) finish(record);
              else arm(pollCount + 1);
            },
            () => undefined,
          );
        }, delay);
        this.timers.add(timer);
      };
      arm(0);
    });
  }

  /** Clears every timer and listener; called when the invocation ends. */
  dispose(): void {
    this.disposed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const unsubscribe of this.unsubscribers) unsubscribe();
    this.unsubscribers.clear();
  }
}
