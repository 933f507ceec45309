/**
 * The service's side of a store: writes an execution, with the scheduler's view of it, each
 * time the service reports a change, and remembers when the running invocation started.
 */
import type { ExecutionState } from '../execution-state.js';
import type { CapturedLogLine } from '../invokers/invoker.js';
import type { ExecutionScheduler } from '../scheduler.js';
import type { ExecutionStore } from './execution-store.js';

/** Where {@link WriteThrough} reads what it writes. */
export interface WriteThroughSource {
  execution(arn: string): ExecutionState | undefined;
  logs(arn: string): CapturedLogLine[];
  scheduler: Pick<ExecutionScheduler, 'invocationRequested' | 'pendingCompletionOf'>;
  now(): number;
}

/**
 * Write-through of executions to a store.
 *
 * @example
 * const writeThrough = new WriteThrough(store, source);
 * writeThrough.save(arn); // after every change the service announces
 */
export class WriteThrough {
  private readonly invocationStarts = new Map<string, number>();

  constructor(
    readonly store: ExecutionStore,
    private readonly source: WriteThroughSource,
  ) {}

  /** Records the start of an invocation and writes the execution. */
  invocationStarted(exec: ExecutionState): void {
    this.invocationStarts.set(exec.arn, this.source.now());
    this.save(exec.arn);
  }

  /** Writes the execution's current state (synchronously, before anyone hears of the change). */
  save(arn: string): void {
    const exec = this.source.execution(arn);
    if (!exec) return;
    const pendingCompletion = this.source.scheduler.pendingCompletionOf(arn);
    const startedAt = exec.invocationRunning ? this.invocationStarts.get(arn) : undefined;
    if (!exec.invocationRunning) this.invocationStarts.delete(arn);
    this.store.save({
      exec,
      logs: this.source.logs(arn),
      needsInvocation: this.source.scheduler.invocationRequested(arn),
      ...(pendingCompletion ? { pendingCompletion } : {}),
      ...(startedAt !== undefined ? { invocationStartedAt: startedAt } : {}),
      now: this.source.now(),
    });
  }
}
