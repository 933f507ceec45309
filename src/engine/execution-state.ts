/**
 * The execution's operation log as this invocation knows it: records indexed by wire id,
 * the current checkpoint token, and change notification for operations waiting on a status.
 */
import type { Operation, OperationStatus, WireTimestamp } from '../protocol.js';
import { hashOperationId } from './ids.js';
import { anchorShape } from './shape-anchors.js';

/**
 * An operation record. The timestamps the engine waits on (`StepDetails.NextAttemptTimestamp`,
 * `WaitDetails.ScheduledEndTimestamp`) are normalised to `Date`; `StartTimestamp` and
 * `EndTimestamp`, which only plugins read, stay as they came and are converted by
 * {@link recordTimestamp} when read: a replay holds thousands of records, and two parsed dates
 * each were a tenth of its time and most of its live objects.
 */
export type OperationRecord = Omit<Operation<Date>, 'StartTimestamp' | 'EndTimestamp'> & {
  StartTimestamp?: WireTimestamp;
  EndTimestamp?: WireTimestamp;
};

/** Statuses after which an operation never changes again. */
const TERMINAL_STATUSES: ReadonlySet<OperationStatus> = new Set<OperationStatus>([
  'SUCCEEDED',
  'FAILED',
  'CANCELLED',
  'TIMED_OUT',
  'STOPPED',
]);

/** True when `status` is final (the operation will not change any more). */
export function isTerminalStatus(status: OperationStatus | undefined): boolean {
  return status !== undefined && TERMINAL_STATUSES.has(status);
}

function toDate(value: WireTimestamp | undefined): Date | undefined {
  if (value === undefined || value === null) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** A record's `StartTimestamp` / `EndTimestamp` as a `Date` (undefined when absent or unparseable). */
export function recordTimestamp(value: WireTimestamp | undefined): Date | undefined {
  return toDate(value);
}

/** `details` with its timestamp `key` as a `Date`; the same object when there is nothing to convert. */
function withDate(details: Record<string, unknown>, key: string): Record<string, unknown> {
  const value = details[key];
  if (value === undefined || value instanceof Date) return details;
  const copy: Record<string, unknown> = { ...details };
  const date = toDate(value as WireTimestamp);
  if (date === undefined) delete copy[key];
  else copy[key] = date;
  return copy;
}

const DROPPED_WHEN_NULL: ReadonlySet<string> = new Set(['StartTimestamp', 'EndTimestamp', 'StepDetails', 'WaitDetails']);

/** True when {@link normalizeOperation} would change nothing but the object's identity. */
function isNormalized(op: Record<string, unknown>): boolean {
  for (const key in op) {
    const value = op[key];
    if (value === undefined || (value === null && DROPPED_WHEN_NULL.has(key))) return false;
  }
  const step = op.StepDetails as { NextAttemptTimestamp?: unknown } | undefined;
  if (step?.NextAttemptTimestamp !== undefined && !(step.NextAttemptTimestamp instanceof Date)) return false;
  const wait = op.WaitDetails as { ScheduledEndTimestamp?: unknown } | undefined;
  return wait?.ScheduledEndTimestamp === undefined || wait.ScheduledEndTimestamp instanceof Date;
}

/**
 * Normalises one incoming record: the details' timestamps become `Date` (unparseable ones are dropped),
 * top-level `undefined` fields and null details are left out. Returns `undefined` for values that
 * are not records at all (no string `Id`).
 */
export function normalizeOperation(raw: unknown): OperationRecord | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const op = raw as Record<string, unknown>;
  if (typeof op.Id !== 'string' || op.Id === '') return undefined;
  // Most records (all of a replay's completed steps) need nothing changed: a plain copy.
  if (isNormalized(op)) return { ...op } as unknown as OperationRecord;
  // Built key by key rather than spread-then-delete: deleting keys turns the record into a slow
  // dictionary-mode object, and replay reads thousands of them.
  const record: Record<string, unknown> = {};
  for (const key in op) {
    if (!Object.hasOwn(op, key)) continue;
    const value = op[key];
    if (value === undefined) continue;
    switch (key) {
      case 'StartTimestamp':
      case 'EndTimestamp':
        if (value !== null) record[key] = value;
        break;
      case 'StepDetails':
        if (value) record[key] = withDate(value as Record<string, unknown>, 'NextAttemptTimestamp');
        break;
      case 'WaitDetails':
        if (value) record[key] = withDate(value as Record<string, unknown>, 'ScheduledEndTimestamp');
        break;
      default:
        record[key] = value;
    }
  }
  return record as unknown as OperationRecord;
}

type StatusListener = (record: OperationRecord) => void;

/** Operation records by wire id, plus the token chain. */
export class ExecutionState {
  readonly durableExecutionArn: string;
  private token: string;
  private readonly records = new Map<string, OperationRecord>();
  private readonly listeners = new Map<string, Set<StatusListener>>();

  constructor(options: { durableExecutionArn: string; checkpointToken: string; operations: unknown[] }) {
    this.durableExecutionArn = options.durableExecutionArn;
    this.token = options.checkpointToken;
    for (const raw of options.operations) {
      const record = normalizeOperation(raw);
      if (record) this.records.set(record.Id, record);
    }
  }

  /** The token the next checkpoint call must carry. */
  get checkpointToken(): string {
    return this.token;
  }

  /** Replaces the token with the one a checkpoint response returned. */
  rotateToken(next: string | undefined): void {
    if (next) this.token = next;
  }

  /** Number of records known (the EXECUTION record included). */
  get size(): number {
    return this.records.size;
  }

  /** All records, in insertion order. */
  all(): OperationRecord[] {
    return [...this.records.values()];
  }

  /** Record by wire id. */
  get(wireId: string): OperationRecord | undefined {
    return this.records.get(wireId);
  }

  /** Record by raw counter-path id. */
  getByRawId(rawId: string): OperationRecord | undefined {
    return this.records.get(hashOperationId(rawId));
  }

  /** The service-created EXECUTION record (first of its type). */
  executionRecord(): OperationRecord | undefined {
    for (const record of this.records.values()) if (record.Type === 'EXECUTION') return record;
    return undefined;
  }

  /**
   * Upserts records from a checkpoint response and notifies listeners of the records whose
   * status changed; returns those records.
   */
  merge(operations: readonly unknown[] | undefined): OperationRecord[] {
    const changed: OperationRecord[] = [];
    for (const raw of operations ?? []) {
      const record = normalizeOperation(raw);
      if (!record) continue;
      const previous = this.records.get(record.Id);
      this.records.set(record.Id, record);
      if (previous?.Status !== record.Status) changed.push(record);
    }
    for (const record of changed) {
      for (const listener of [...(this.listeners.get(record.Id) ?? [])]) listener(record);
    }
    return changed;
  }

  /** Calls `listener` whenever the record `wireId` changes status; returns the unsubscribe. */
  onStatusChange(wireId: string, listener: StatusListener): () => void {
    let set = this.listeners.get(wireId);
    if (!set) {
      set = new Set();
      this.listeners.set(wireId, set);
    }
    set.add(listener);
    return () => set.delete(listener);
  }
}

// See shape-anchors.ts: each invocation builds one and drops it at the end.
anchorShape(new ExecutionState({ durableExecutionArn: '', checkpointToken: '', operations: [] }));
