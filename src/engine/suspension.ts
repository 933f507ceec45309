/**
 * The one place that decides how an invocation ends early (§5.3): suspension (PENDING) when no
 * user code runs and some durable operation waits, or a fault (FAILED / rethrow). Operations
 * report lifecycle states here and never invent their own never-settling promises: when they
 * must stop, they ask for {@link SuspensionTracker.park}.
 */
import { verboseLog } from '../logger/log-config.js';
import { ancestorIds } from './ids.js';

/** Lifecycle state of one tracked operation. */
export type OperationLifecycleState =
  | 'EXECUTING'
  | 'RETRY_WAITING'
  | 'IDLE_NOT_AWAITED'
  | 'IDLE_AWAITED'
  | 'COMPLETED';

/** Why an invocation suspends (all map to `PENDING`). */
export type SuspendReason = 'RETRY_SCHEDULED' | 'WAIT_SCHEDULED' | 'CALLBACK_PENDING' | 'OPERATION_TERMINATED';

/** Why an invocation stops on a fault. */
export type FaultReason =
  | 'CHECKPOINT_FAILED'
  | 'SERDES_FAILED'
  | 'CONTEXT_VALIDATION_ERROR'
  | 'CONFIG_VALIDATION_ERROR'
  | 'NON_DETERMINISM'
  | 'UNRECOVERABLE'
  | 'INVOCATION_DEADLINE';

/**
 * How the invocation ends when the handler does not finish by itself:
 * `suspend` ⇒ `{Status: "PENDING"}`; `fail` ⇒ `{Status: "FAILED"}`; `throw` ⇒ the wrapper
 * rethrows so that Lambda retries the invocation.
 */
export type EarlyOutcome =
  | { readonly kind: 'suspend'; readonly reason: SuspendReason }
  | { readonly kind: 'fail'; readonly reason: FaultReason; readonly error: unknown }
  | { readonly kind: 'throw'; readonly reason: FaultReason; readonly error: unknown };

interface TrackedOperation {
  state: OperationLifecycleState;
  subType: string | undefined;
}

/** Termination cooldown of 2.4: a scheduled suspension is re-verified when the timer fires. */
export const TERMINATION_COOLDOWN_MS = 20;

/** Tracks operation lifecycles and resolves {@link outcome} when the invocation must end early. */
export class SuspensionTracker {
  /** Settles once, with the early outcome, if the invocation must stop before the handler ends. */
  readonly outcome: Promise<EarlyOutcome>;
  private resolveOutcome!: (outcome: EarlyOutcome) => void;
  private readonly operations = new Map<string, TrackedOperation>();
  private readonly finishedContexts = new Set<string>();
  private cooldownTimer: NodeJS.Timeout | undefined;
  private ended: EarlyOutcome | undefined;
  private disposed = false;

  constructor(private readonly options: { isPipelineBusy: () => boolean; cooldownMs?: number }) {
    this.outcome = new Promise((resolve) => {
      this.resolveOutcome = resolve;
    });
  }

  /** The early outcome, once decided. */
  get terminated(): EarlyOutcome | undefined {
    return this.ended;
  }

  /** Records the lifecycle state of operation `rawId` and re-evaluates suspension. */
  setState(rawId: string, state: OperationLifecycleState, subType?: string): void {
    // Completed operations never affect suspension, so only unfinished ones are kept: each
    // evaluation then scans the few operations in flight, not every operation of the replay.
    if (state === 'COMPLETED') this.operations.delete(rawId);
    else {
      const tracked = this.operations.get(rawId);
      if (tracked) tracked.state = state;
      else this.operations.set(rawId, { state, subType });
    }
    if (state !== 'IDLE_NOT_AWAITED') this.evaluate();
  }

  /** Marks a child context as finished: nothing under it is tracked or written any more. */
  markContextFinished(rawId: string): void {
    this.finishedContexts.add(rawId);
  }

  /** True when an ancestor context of `rawId` has finished (finished-ancestor gate, §5.5). */
  hasFinishedAncestor(rawId: string): boolean {
    if (this.finishedContexts.size === 0) return false;
    return ancestorIds(rawId).some((id) => this.finishedContexts.has(id));
  }

  /** Ends the invocation now with `outcome` (first call wins). */
  terminate(outcome: EarlyOutcome): void {
    if (this.ended || this.disposed) return;
    this.ended = outcome;
    verboseLog('durable-lambda: invocation ending early', () => ({ kind: outcome.kind, reason: outcome.reason }));
    this.clearCooldown();
    this.resolveOutcome(outcome);
  }

  /**
   * A promise that never settles, for code that must stop because the invocation is ending.
   * The handler's promise is raced against {@link outcome}, so parked code is simply abandoned.
   */
  park<T>(): Promise<T> {
    return new Promise<T>(() => undefined);
  }

  /** Re-checks whether the invocation can suspend (rules of §5.3). */
  evaluate(): void {
    if (this.ended || this.disposed) return;
    const reason = this.suspendReason();
    if (reason === undefined) {
      this.clearCooldown();
      return;
    }
    if (this.cooldownTimer) return;
    this.cooldownTimer = setTimeout(() => {
      this.cooldownTimer = undefined;
      const confirmed = this.suspendReason();
      if (confirmed !== undefined) this.terminate({ kind: 'suspend', reason: confirmed });
    }, this.options.cooldownMs ?? TERMINATION_COOLDOWN_MS);
  }

  /** Stops timers at the end of the invocation. */
  dispose(): void {
    this.disposed = true;
    this.clearCooldown();
  }

  private suspendReason(): SuspendReason | undefined {
    // Nothing in flight (most of a replay): nothing to suspend for.
    if (this.operations.size === 0 || this.options.isPipelineBusy()) return undefined;
    let retryingStep = false;
    let idleWait = false;
    let waiting = false;
    for (const [rawId, op] of this.operations) {
      if (this.hasFinishedAncestor(rawId)) {
        this.operations.delete(rawId);
        continue;
      }
      if (op.state === 'EXECUTING') return undefined;
      waiting = true;
      if (op.state === 'RETRY_WAITING' && op.subType === 'Step') retryingStep = true;
      if (op.state !== 'RETRY_WAITING' && op.subType === 'Wait') idleWait = true;
    }
    if (!waiting) return undefined;
    if (retryingStep) return 'RETRY_SCHEDULED';
    if (idleWait) return 'WAIT_SCHEDULED';
    return 'CALLBACK_PENDING';
  }

  private clearCooldown(): void {
    if (this.cooldownTimer) clearTimeout(this.cooldownTimer);
    this.cooldownTimer = undefined;
  }
}
