/**
 * Which durable context is running the current code, tracked with AsyncLocalStorage so that
 * durable calls can detect a parent or sibling context being used (§4.6) and the logger can
 * tell replayed code from live code.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { DurableExecutionMode } from './modes.js';

/** What is running: the root handler, a child-context function or a step function. */
export interface ActiveScope {
  /** `"root"`, a child context's raw id, or a step's raw id. */
  readonly contextId: string;
  /** Current mode of the scope (read lazily: a context switches mode as it runs). */
  readonly mode: () => DurableExecutionMode;
  /** Raw id of the operation running (steps and waitForCondition checks), for log records. */
  readonly operationRawId?: string;
  readonly operationName?: string;
  readonly attempt?: number;
}

const storage = new AsyncLocalStorage<ActiveScope>();

/** Runs `fn` with `scope` as the active scope of everything it starts. */
export function runInScope<T>(scope: ActiveScope, fn: () => T): T {
  return storage.run(scope, fn);
}

/** The active scope, if any code of a durable handler is running. */
export function activeScope(): ActiveScope | undefined {
  return storage.getStore();
}
