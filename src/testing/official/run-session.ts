/**
 * What the operation views of one run share: the operation index (rebuilt lazily from its
 * source when the execution changed), where callback answers go, and the pending `waitForData`
 * calls, which are settled on every change and rejected when the execution ends.
 */
import { isOperationTerminal } from '../../service/execution-state.js';
import { WaitingOperationStatus } from './enums.js';
import { describeLocator, OperationIndex, type OperationLocator } from './operation-index.js';
import type { CallbackApi, OperationRecord } from './types.js';
import type { HistoryEvent } from '../../protocol.js';

/** Snapshot of an execution: its operations (log order) and history. */
export interface ExecutionSnapshot {
  records: readonly OperationRecord[];
  events: readonly HistoryEvent[];
}

interface Waiter {
  locator: OperationLocator;
  status: WaitingOperationStatus;
  resolve(): void;
  reject(error: Error): void;
}

/** Shared state of the views of one run (or of a runner between runs). */
export class RunSession {
  readonly index = new OperationIndex();
  private dirty = true;
  private readonly waiters = new Set<Waiter>();

  constructor(
    readonly callbacks: CallbackApi,
    private source: () => ExecutionSnapshot | undefined,
  ) {}

  /** Points the session at a new execution (a new `run`). */
  attach(source: () => ExecutionSnapshot | undefined): void {
    this.source = source;
    this.changed();
  }

  /** The execution changed: the index is stale, and waiters may now be satisfied. */
  changed(): void {
    this.dirty = true;
    if (this.waiters.size === 0) return;
    for (const waiter of [...this.waiters]) {
      if (this.reached(waiter.locator, waiter.status)) {
        this.waiters.delete(waiter);
        waiter.resolve();
      }
    }
  }

  /** The index, rebuilt first if the execution changed since. */
  fresh(): OperationIndex {
    if (this.dirty) {
      const snapshot = this.source();
      if (snapshot) this.index.replace(snapshot.records, snapshot.events);
      this.dirty = false;
    }
    return this.index;
  }

  /** Resolves once the operation reached `status`. */
  waitFor(locator: OperationLocator, status: WaitingOperationStatus): Promise<void> {
    if (this.reached(locator, status)) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.add({ locator, status, resolve, reject }));
  }

  /** The execution ended: every pending wait fails with the official wording, then our detail. */
  ended(executionStatus: string | undefined): void {
    this.changed();
    for (const waiter of this.waiters) {
      const record = this.fresh().find(waiter.locator);
      const seen = record ? `it is ${record.operation.Status}` : 'it never appeared';
      waiter.reject(
        new Error(
          `Operation was not found after execution completion. Expected status: ${waiter.status}. ` +
            'This typically means the operation was never executed or the test is waiting for the wrong operation. ' +
            `(operation ${describeLocator(waiter.locator)}: ${seen}; execution ${executionStatus ?? 'ended'})`,
        ),
      );
    }
    this.waiters.clear();
  }

  /** Whether the located operation reached `status` (waitForCallback contexts go by their children). */
  reached(locator: OperationLocator, status: WaitingOperationStatus): boolean {
    const index = this.fresh();
    const record = index.find(locator);
    if (!record) return false;
    const op = record.operation;
    if (op.Type === 'CONTEXT' && op.SubType === 'WaitForCallback') {
      const children = index.children(op.Id).map((c) => c.operation);
      const callback = children.find((c) => c.Type === 'CALLBACK');
      const submitter = children.find((c) => c.Type === 'STEP');
      const contextDone = isOperationTerminal(op.Status);
      const callbackDone = callback !== undefined && isOperationTerminal(callback.Status);
      if (status === WaitingOperationStatus.STARTED) return callback !== undefined || contextDone;
      if (status === WaitingOperationStatus.SUBMITTED) {
        return contextDone || callbackDone || (submitter !== undefined && isOperationTerminal(submitter.Status));
      }
      return contextDone || callbackDone;
    }
    return status === WaitingOperationStatus.STARTED || isOperationTerminal(op.Status);
  }
}
