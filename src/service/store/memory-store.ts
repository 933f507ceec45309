/**
 * A store that keeps encoded executions in memory: a service built on it and a second service
 * loaded from it behave like one service stopped and started again, without any file. Used by
 * tests of the restart logic, and by anyone embedding the service who wants a restart in-process.
 */
import type { CapturedLogLine } from '../invokers/invoker.js';
import type { ExecutionStore, SaveInput, StoredClock, StoredExecution } from './execution-store.js';
import { decodeExecution, encodeEvent, encodeHead, encodeOperation } from './snapshot-codec.js';

interface Kept {
  head: string;
  operations: Map<string, string>;
  events: string[];
  logs: CapturedLogLine[];
}

/**
 * In-memory {@link ExecutionStore}: the same encoding as the SQLite store, kept in a Map.
 *
 * @example
 * const store = new MemoryExecutionStore();
 * const first = new DurableExecutionService({ store });
 * // ... later, a "restarted" service sees the same executions:
 * const second = new DurableExecutionService({ store });
 * second.registerFunction({ name: 'orders', invoker });
 * second.restore();
 */
export class MemoryExecutionStore implements ExecutionStore {
  private readonly kept = new Map<string, Kept>();
  private clock: StoredClock | undefined;
  /** Number of {@link save} calls so far (tests count writes). */
  saves = 0;

  load(): StoredExecution[] {
    return [...this.kept.values()].map((k) => {
      const { exec, scheduling } = decodeExecution(k.head, [...k.operations.values()], k.events);
      return { exec, ...scheduling, logs: structuredClone(k.logs) };
    });
  }

  loadClock(): StoredClock | undefined {
    return this.clock === undefined ? undefined : { ...this.clock };
  }

  save(input: SaveInput): void {
    const { exec, logs, now, ...scheduling } = input;
    const operations = new Map<string, string>();
    for (const state of exec.operations.values()) operations.set(state.op.Id, encodeOperation(state));
    this.kept.set(exec.arn, {
      head: encodeHead(exec, scheduling),
      operations,
      events: exec.events.map(encodeEvent),
      logs: structuredClone(logs),
    });
    this.clock = { serviceTime: now, wallTime: Date.now() };
    this.saves += 1;
  }

  close(): void {
    // Nothing to release: the kept executions stay readable for the next service.
  }
}
