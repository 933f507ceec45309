/**
 * Usage as the Lambda service bills durable executions, and the service's per-execution
 * limits. Billing rules (Lambda documentation, "how durable operations are metered"): the start
 * is 1 operation; every checkpointed operation 1 (a step, a wait, a callback, a child context,
 * a map or parallel and each item or branch context it records, a chained invoke; so
 * `waitForCallback` is 3: its context, callback and submitter step); each step retry and each
 * `waitForCondition` poll after the first check 1 more; each invocation retry 1. Storage
 * written is the size of every persisted payload: the input, each result and error, callback
 * results (a `waitForCallback` result is stored twice: by its callback and by its context).
 *
 * Usage is computed from the history, so the same function meters the local service's
 * executions and a history fetched from AWS.
 */
import type { HistoryEvent, OperationUpdate } from '../protocol.js';
import type { ExecutionState } from './execution-state.js';
import { DurableServiceError } from './service-errors.js';

/** Metered usage of one execution. */
export interface ExecutionUsage {
  /** Billed durable operations. */
  operations: number;
  /** Bytes of persisted payloads (inputs, results, errors, callback results). */
  storageWrittenBytes: number;
  /** Invocations of the function (billed as ordinary Lambda requests). */
  invocations: number;
}

/** The service's per-execution limits the local service enforces. */
export const SERVICE_LIMITS = {
  /** Operations recorded in one execution (the execution itself included). */
  operations: 3_000,
  /** Payload bytes written over one execution's life. */
  storageWrittenBytes: 100 * 1024 * 1024,
  /** Bytes of one operation's payload in a checkpoint. */
  operationPayloadBytes: 256 * 1024,
} as const;

/** Share of a limit at which the test runner warns. */
export const LIMIT_WARNING_SHARE = 0.8;

/** Prices used for the cost estimate (USD); both settable where costs are printed. */
export interface UsagePrices {
  /** Per million durable operations (default 8.00). */
  perMillionOperations: number;
  /** Per GB of data written (default 0.25). */
  perGbWritten: number;
}

/** Assumed list prices (us-east-1 at the time of writing); pass your own for your region. */
export const DEFAULT_PRICES: UsagePrices = { perMillionOperations: 8, perGbWritten: 0.25 };

const bytes = (text: string | undefined): number => (text === undefined ? 0 : Buffer.byteLength(text, 'utf8'));

const payloadBytes = (payload: unknown): number => {
  if (payload === null || typeof payload !== 'object') return 0;
  const p = (payload as { Payload?: unknown }).Payload;
  if (typeof p === 'string') return bytes(p);
  return p === undefined ? 0 : bytes(JSON.stringify(p));
};

/** Payload bytes one history event persisted. */
const eventBytes = (event: HistoryEvent): number => {
  let total = 0;
  for (const [key, details] of Object.entries(event)) {
    if (!key.endsWith('Details') || details === null || typeof details !== 'object' || key === 'InvocationCompletedDetails') continue;
    const d = details as Record<string, unknown>;
    total += payloadBytes(d.Input) + payloadBytes(d.Result) + payloadBytes(d.Error);
  }
  return total;
};

/**
 * Usage of an execution from its history events (with execution data).
 *
 * @example
 * const usage = meterHistory(service.history(arn)); // { operations, storageWrittenBytes, invocations }
 */
export const meterHistory = (events: readonly HistoryEvent[]): ExecutionUsage => {
  const ids = new Set<string>();
  let retries = 0;
  let invocations = 0;
  let invocationRetries = 0;
  let pendingFailedInvocation = false;
  let storageWrittenBytes = 0;
  for (const event of events) {
    if (event.EventType === 'InvocationCompleted') {
      if (pendingFailedInvocation) invocationRetries += 1;
      invocations += 1;
      pendingFailedInvocation = event.InvocationCompletedDetails?.Error !== undefined;
      continue;
    }
    if (event.Id !== undefined) ids.add(event.Id);
    const retry = event.StepSucceededDetails?.RetryDetails ?? event.StepFailedDetails?.RetryDetails;
    if (retry?.NextAttemptDelaySeconds !== undefined) retries += 1;
    storageWrittenBytes += eventBytes(event);
  }
  return { operations: ids.size + retries + invocationRetries, storageWrittenBytes, invocations };
};

/**
 * Estimated cost in USD of `usage` at `prices`.
 *
 * @example
 * estimateCost({ operations: 1_000_000, storageWrittenBytes: 0, invocations: 1 }); // 8
 */
export const estimateCost = (usage: ExecutionUsage, prices: UsagePrices = DEFAULT_PRICES): number =>
  (usage.operations / 1_000_000) * prices.perMillionOperations + (usage.storageWrittenBytes / 1024 ** 3) * prices.perGbWritten;

/** One line: usage and estimated cost, for the CLI. */
export const formatUsage = (usage: ExecutionUsage, prices: UsagePrices = DEFAULT_PRICES): string => {
  const cost = estimateCost(usage, prices);
  return `usage: ${usage.operations} operations, ${usage.storageWrittenBytes} B written, ${usage.invocations} invocations; ` +
    `estimated cost $${cost.toFixed(cost < 0.01 ? 8 : 4)} at $${prices.perMillionOperations} per million operations and $${prices.perGbWritten} per GB written`;
};

/** Running byte totals for limit checks, per execution (kept off the execution record). */
const written = new WeakMap<ExecutionState, number>();

const limitExceeded = (message: string): DurableServiceError =>
  new DurableServiceError('InvalidParameterValueException', message, 400);

/** Adds bytes persisted outside a checkpoint (input, callback results) to the execution's total. */
export const meterWrite = (exec: ExecutionState, text: string | undefined): void => {
  written.set(exec, (written.get(exec) ?? bytes(exec.inputPayload)) + bytes(text));
};

/**
 * Rejects a checkpoint that would take the execution past a service limit, with the error the
 * SDK treats as fatal for the execution (4xx). Call before applying the updates.
 */
export const enforceServiceLimits = (exec: ExecutionState, updates: readonly OperationUpdate[]): void => {
  let added = 0;
  const fresh = new Set<string>();
  for (const u of updates) {
    const size = bytes(u.Payload) + (u.Error === undefined ? 0 : bytes(JSON.stringify(u.Error)));
    if (u.Type !== 'EXECUTION' && bytes(u.Payload) > SERVICE_LIMITS.operationPayloadBytes) {
      throw limitExceeded(`The payload of operation ${u.Id} is ${bytes(u.Payload)} bytes, over the service's limit of ${SERVICE_LIMITS.operationPayloadBytes} bytes (256 KiB) per operation.`);
    }
    added += size;
    if (!exec.operations.has(u.Id)) fresh.add(u.Id);
  }
  const operations = exec.operations.size + fresh.size;
  if (operations > SERVICE_LIMITS.operations) {
    throw limitExceeded(`The durable execution would have ${operations} operations, over the service's limit of ${SERVICE_LIMITS.operations} operations per execution.`);
  }
  const total = (written.get(exec) ?? bytes(exec.inputPayload)) + added;
  if (total > SERVICE_LIMITS.storageWrittenBytes) {
    throw limitExceeded(`The durable execution would have written ${total} bytes, over the service's limit of ${SERVICE_LIMITS.storageWrittenBytes} bytes (100 MB) per execution.`);
  }
  written.set(exec, total);
};
