/**
 * The step attempts running in this invocation, and the invocation's deadline: when less than
 * the safety margin is left of `getRemainingTimeInMillis`, every running attempt is aborted and
 * recorded as failed (StepTimeoutError, reason "invocation deadline"), nothing else is
 * checkpointed, and the invocation ends PENDING (or is retried when an attempt's failure was
 * final) before Lambda kills it. Batches also find their items' attempts here to cancel them.
 */
import { StepTimeoutError } from '../errors.js';
import type { Duration } from '../retry/duration.js';
import { durationToSeconds } from '../retry/duration.js';
import type { StepAttempt } from './step-attempt.js';
import type { SuspensionTracker } from './suspension.js';

/** Default safety margin before the deadline. */
export const DEFAULT_DEADLINE_MARGIN_MS = 3_000;
/** Short function timeouts: the default margin is at most this share of the invocation's time. */
export const DEFAULT_DEADLINE_MARGIN_SHARE = 0.2;

/**
 * Margin in ms for an invocation that had `remainingMs` at its start: the configured one, or the
 * default scaled down for short function timeouts; undefined when the deadline is off or unknown.
 */
export function deadlineMarginMs(remainingMs: number, margin: Duration | false | undefined): number | undefined {
  // A context without a usable remaining time (some test doubles answer 0) has no known deadline.
  if (margin === false || !Number.isFinite(remainingMs) || !(remainingMs > 0)) return undefined;
  if (margin !== undefined) return durationToSeconds(margin) * 1000;
  return Math.min(DEFAULT_DEADLINE_MARGIN_MS, remainingMs * DEFAULT_DEADLINE_MARGIN_SHARE);
}

/** Running attempts of one invocation and its deadline timer (armed when the first attempt runs). */
export class RunningAttempts {
  /** Epoch ms at which running attempts are stopped; undefined when no deadline is known. */
  readonly deadlineAt: number | undefined;
  private readonly running = new Set<StepAttempt>();
  private timer: NodeJS.Timeout | undefined;
  /** The deadline fired: running attempts were stopped and the invocation is ending. */
  reached = false;
  private disposed = false;

  constructor(
    private readonly options: {
      tracker: SuspensionTracker;
      /** Stops further checkpoints (what is queued still goes out). */
      sealCheckpoints: () => void;
      remainingTimeMs: () => number;
      margin?: Duration | false;
    },
  ) {
    const remaining = options.margin === false ? Number.POSITIVE_INFINITY : options.remainingTimeMs();
    const margin = deadlineMarginMs(remaining, options.margin);
    this.deadlineAt = margin === undefined ? undefined : Date.now() + remaining - margin;
  }

  /** Whether the deadline has passed (a step about to start could not finish in time). */
  passed(): boolean {
    return this.deadlineAt !== undefined && Date.now() >= this.deadlineAt;
  }

  /** Registers a running attempt (arms the deadline timer on the first). */
  add(attempt: StepAttempt): void {
    this.running.add(attempt);
    if (this.deadlineAt !== undefined && this.timer === undefined && !this.reached && !this.disposed) {
      this.timer = setTimeout(() => void this.deadline(), Math.min(Math.max(0, this.deadlineAt - Date.now()), 2 ** 31 - 1));
    }
  }

  /** Unregisters an attempt that ended. */
  delete(attempt: StepAttempt): void {
    this.running.delete(attempt);
  }

  /** Aborts the signals of the attempts running under the context `contextRawId` (batch items that will not count). */
  cancelUnder(contextRawId: string, reason: unknown): void {
    const prefix = `${contextRawId}-`;
    for (const attempt of this.running) if (attempt.rawId.startsWith(prefix)) attempt.abort(reason);
  }

  /** Stops the timer at the end of the invocation. */
  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** The deadline: detach every running attempt, record their failures, end the invocation. */
  private async deadline(): Promise<void> {
    this.timer = undefined;
    const { tracker } = this.options;
    if (this.disposed || tracker.terminated) return;
    // Nothing running: an attempt that starts later sees passed() and ends the invocation itself.
    if (this.running.size === 0) return;
    this.reached = true;
    const deadlineAt = this.deadlineAt as number;
    const attempts = [...this.running];
    this.running.clear();
    const now = Date.now();
    let firstError: StepTimeoutError | undefined;
    let retryAll = true;
    const records: Promise<void>[] = [];
    const stopped: [StepAttempt, StepTimeoutError][] = [];
    for (const attempt of attempts) {
      const error = new StepTimeoutError({
        limitMs: Math.max(0, deadlineAt - attempt.startedAt),
        elapsedMs: now - attempt.startedAt,
        reason: 'invocation deadline',
        operation: attempt.label,
      });
      firstError ??= error;
      stopped.push([attempt, error]);
      // Enqueued synchronously, before the pipeline is sealed below.
      const recorded = attempt.detach(error);
      if (!recorded) {
        retryAll = false;
        continue;
      }
      records.push(
        recorded.then(
          (outcome) => {
            if (outcome !== 'retry') retryAll = false;
          },
          () => {
            retryAll = false;
          },
        ),
      );
    }
    this.options.sealCheckpoints();
    for (const [attempt, error] of stopped) attempt.abort(error);
    await Promise.all(records);
    // Every attempt will be retried after its delay: the service wakes the execution then. A
    // final failure (or a check with nothing recorded) needs a fresh invocation at once: the
    // invocation fails and the service retries it, replaying the recorded failure.
    if (retryAll) tracker.terminate({ kind: 'suspend', reason: 'RETRY_SCHEDULED' });
    else tracker.terminate({ kind: 'throw', reason: 'INVOCATION_DEADLINE', error: firstError });
  }
}
