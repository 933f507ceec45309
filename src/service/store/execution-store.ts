/**
 * The port through which the local service keeps its executions across restarts. The service
 * writes an execution through whenever it changes (each change it tells listeners about) and
 * reads everything back once at start. Without a store the service keeps today's in-memory
 * behaviour and does no extra work.
 */
import type { ExecutionCompletion } from '../apply-updates.js';
import type { ExecutionState } from '../execution-state.js';
import type { CapturedLogLine } from '../invokers/invoker.js';

/** The scheduler's view of an execution that is not in {@link ExecutionState} itself. */
export interface SchedulingState {
  /** An invocation is due (first one, a callback answered, a timer fired, a retry requested). */
  needsInvocation: boolean;
  /** An EXECUTION outcome checkpointed by the running invocation, applied when it ends. */
  pendingCompletion?: ExecutionCompletion;
  /** Service time at which the running invocation started (set while one runs). */
  invocationStartedAt?: number;
}

/** One execution as a store keeps it. */
export interface StoredExecution extends SchedulingState {
  exec: ExecutionState;
  /** Lines the execution's invocations wrote, in order. */
  logs: CapturedLogLine[];
}

/** Service time and wall time of the last write, so a restarted clock goes on from there. */
export interface StoredClock {
  /** Service time (epoch ms) at the last write. */
  serviceTime: number;
  /** Wall-clock time (epoch ms) of the same write. */
  wallTime: number;
}

/** What {@link ExecutionStore.save} writes. */
export interface SaveInput extends StoredExecution {
  /** Service time now. */
  now: number;
}

/**
 * Keeps executions across service restarts.
 *
 * @example
 * const store = new MemoryExecutionStore();
 * const service = new DurableExecutionService({ store });
 * service.registerFunction({ name: 'orders', invoker });
 * service.restore(); // executions the store kept, with their timers and callbacks
 */
export interface ExecutionStore {
  /** Every execution kept, oldest first. */
  load(): StoredExecution[];
  /** The clock of the last write, if anything was ever written. */
  loadClock(): StoredClock | undefined;
  /** Writes one execution's current state (synchronously: a crash right after loses nothing). */
  save(input: SaveInput): void;
  /** Releases the store (files, locks). */
  close(): void;
}
