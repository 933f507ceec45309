/** Configuration shapes of the local service: its options and a function's registration. */
import type { ClockMode, ServiceClock, TimeAdvancePolicy } from './clock.js';
import type { FunctionInvoker } from './invokers/invoker.js';
import type { ExecutionStore } from './store/execution-store.js';

/** A function the service can run. */
export interface FunctionRegistration {
  name: string;
  invoker: FunctionInvoker;
  /** Durable functions get the durable envelope; plain ones get the input payload (default true). */
  durable?: boolean;
  /** Version reported in ARNs and `ExecutedVersion` (default `$LATEST`). */
  qualifier?: string;
  /** `DurableConfig.ExecutionTimeout` in seconds (default 31,622,400: 366 days, the service's maximum). */
  executionTimeoutSeconds?: number;
  /**
   * Lambda's function timeout in seconds (default: the service's `invocationTimeoutMs`, 900 s).
   * An invocation running longer is ended as Lambda ends it (`Sandbox.Timedout`) and retried.
   */
  functionTimeoutSeconds?: number;
  /** Names what set `executionTimeoutSeconds`, for the TIMED_OUT error (default `DurableConfig.ExecutionTimeout`). */
  executionTimeoutSource?: string;
}

/** The service's maximum `DurableConfig.ExecutionTimeout`: 366 days, in seconds. */
export const MAX_EXECUTION_TIMEOUT_SECONDS = 31_622_400;

/** Options of the `DurableExecutionService`. */
export interface DurableExecutionServiceOptions {
  /** `virtual` (default): durations elapse instantly between invocations. `real`: wall clock. */
  clock?: ClockMode | ServiceClock;
  /** Speed-up of real-time mode; defaults to `DURABLE_EXECUTIONS_TIME_SCALE` or 1. */
  timeScale?: number;
  region?: string;
  account?: string;
  /** Operations per page in the invocation event (the rest is paged through GetDurableExecutionState). */
  eventPageSize?: number;
  /** Invocation attempts (first + retries) after consecutive invocation failures, before the execution fails (default 6). */
  maxInvocationAttempts?: number;
  /** Default function timeout in milliseconds, for functions registered without one (default 900000). */
  invocationTimeoutMs?: number;
  /**
   * Keeps executions across restarts: each change is written through, and the service's `restore()`
   * reads them back. Default: none (in memory only, no extra work).
   */
  store?: ExecutionStore;
  /** When a virtual clock may move (default `when-no-callback-waits`); see {@link TimeAdvancePolicy}. */
  timeAdvance?: TimeAdvancePolicy;
  /** Enforce the service's per-execution limits (3,000 operations, 100 MB, 256 KiB per operation); default true. */
  enforceLimits?: boolean;
}

/** Change notifications for runners. */
export type ServiceListener = (arn: string) => void;
