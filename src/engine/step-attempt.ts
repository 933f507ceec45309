/**
 * One running attempt of a step function (or a waitForCondition check): its abort signal,
 * created only when the function reads it, its own timeout when the step has one, and how the
 * invocation's deadline takes it over.
 */
import { StepTimeoutError } from '../errors.js';

/** Options of a {@link StepAttempt}. */
export interface StepAttemptOptions {
  /** Raw id of the operation (batch cancellation finds attempts by id prefix). */
  rawId: string;
  /** Label used in error messages, e.g. `Step "charge" (2)`. */
  label: string;
  /** The attempt's own time limit in milliseconds, if the step has one. */
  timeoutMs?: number;
  /** Told once when a function that was no longer awaited settles after all. */
  onLateSettle?: (attempt: StepAttempt) => void;
}

/** Records the failure of a detached attempt; resolves `'retry'` or `'failed'`. */
export type DetachedRecorder = (error: StepTimeoutError) => Promise<'retry' | 'failed'>;

/** State of one attempt; see the module comment. */
export class StepAttempt {
  readonly rawId: string;
  readonly label: string;
  readonly startedAt = Date.now();
  /** The deadline took the attempt over: its failure is recorded there; the step must not continue. */
  detached = false;
  /** The function is no longer awaited (its time ran out): a late result is discarded. */
  abandoned = false;
  /** Set by the operation: records the attempt's failure when the deadline detaches it. */
  recordDetached: DetachedRecorder | undefined;
  private controller: AbortController | undefined;
  private abortReason: unknown;
  private aborted = false;
  private timer: NodeJS.Timeout | undefined;
  private lateReported = false;
  private rejectRace: ((error: unknown) => void) | undefined;

  constructor(private readonly options: StepAttemptOptions) {
    this.rawId = options.rawId;
    this.label = options.label;
  }

  /** The attempt's abort signal (created on first read, already aborted if the attempt was). */
  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.aborted) this.controller.abort(this.abortReason);
    }
    return this.controller.signal;
  }

  /** Aborts the signal with `reason` (first call wins); the function keeps being awaited. */
  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.abortReason = reason;
    this.controller?.abort(reason);
  }

  /**
   * Runs the function. Without a timeout its promise is returned as it is (no extra microtask
   * turns, so steps without timeouts keep the official SDK's timing); with one, the result
   * races the timer.
   */
  run<T>(fn: () => Promise<T>): Promise<T> {
    const timeoutMs = this.options.timeoutMs;
    if (timeoutMs === undefined) return fn();
    const work = Promise.resolve(fn());
    return new Promise<T>((resolve, reject) => {
      this.rejectRace = reject;
      this.timer = setTimeout(() => this.timeOut(timeoutMs), timeoutMs);
      work.then(
        (value) => (this.abandoned ? this.reportLateSettle() : resolve(value)),
        (error: unknown) => (this.abandoned ? this.reportLateSettle() : reject(error)),
      );
    });
  }

  /**
   * The deadline takes the attempt over: stop awaiting it and record its failure through
   * {@link recordDetached}. The caller aborts the signal afterwards, once nothing more can be
   * checkpointed, so code reacting to the abort cannot write anything.
   */
  detach(error: StepTimeoutError): Promise<'retry' | 'failed'> | undefined {
    this.detached = true;
    this.abandoned = true;
    this.clearTimer();
    return this.recordDetached?.(error);
  }

  /** The attempt ended (settled or failed): stop its timer. */
  end(): void {
    this.clearTimer();
  }

  private timeOut(timeoutMs: number): void {
    this.timer = undefined;
    if (this.abandoned) return;
    const error = new StepTimeoutError({ limitMs: timeoutMs, elapsedMs: Date.now() - this.startedAt, reason: 'step timeout', operation: this.label });
    this.abandoned = true;
    this.abort(error);
    this.rejectRace?.(error);
  }

  /** Tells {@link StepAttemptOptions.onLateSettle} that the abandoned function settled (once). */
  reportLateSettle(): void {
    if (this.lateReported) return;
    this.lateReported = true;
    this.options.onLateSettle?.(this);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
