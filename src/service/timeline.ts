/**
 * Human-readable views of a durable-execution history: a whole timeline (operation tree with
 * statuses, attempts, durations and payload sizes) and one progress line per operation event,
 * shared by the CLI and example runners.
 */
import type { ErrorObject, EventPayload, HistoryEvent, WireTimestamp } from '../protocol.js';
import { describePayload } from '../serdes/envelope.js';

/** One operation as the timeline shows it, folded from its events. */
export interface TimelineOperation {
  id: string;
  parentId?: string;
  /** `Step`, `Wait`, `Context`, `Callback`, `ChainedInvoke` or `Execution` (the event prefix). */
  kind: string;
  name?: string;
  subType?: string;
  /** Status after the latest event: STARTED, RETRYING, SUCCEEDED, FAILED, CANCELLED, TIMED_OUT, STOPPED. */
  status: string;
  startMs?: number;
  endMs?: number;
  /** Attempts of a step (1 for other kinds once started). */
  attempts: number;
  /** The result as checkpointed. */
  result?: EventPayload;
  /** The input (executions and chained invokes). */
  input?: EventPayload;
  error?: ErrorObject;
  callbackId?: string;
  /** Set while a step waits for its next attempt. */
  retryInSeconds?: number;
  children: TimelineOperation[];
}

/** Options of {@link formatTimeline}. */
export interface TimelineOptions {
  /** Append the execution's result (or error) text after the tree (default true). */
  showResult?: boolean;
  /** Longest payload text printed with the result before it is cut (default 2000 characters). */
  maxPayloadChars?: number;
}

/** Options of {@link formatOperationLine}. */
export interface OperationLineOptions {
  /** The history so far: gives durations (from the start event) and the nesting depth. */
  history?: readonly HistoryEvent[];
  /** Time printed lines are relative to (default: the ExecutionStarted event of `history`). */
  origin?: WireTimestamp;
}

const KINDS = ['ChainedInvoke', 'Execution', 'Context', 'Callback', 'Invocation', 'Step', 'Wait'] as const;
const OUTCOMES: Record<string, string> = {
  Started: 'STARTED', Succeeded: 'SUCCEEDED', Failed: 'FAILED', TimedOut: 'TIMED_OUT', Stopped: 'STOPPED', Cancelled: 'CANCELLED', Completed: 'COMPLETED',
};

const split = (type: string): { kind: string; outcome: string } => {
  const kind = KINDS.find((k) => type.startsWith(k)) ?? type;
  const rest = type.slice(kind.length);
  return { kind, outcome: OUTCOMES[rest] ?? rest.toUpperCase() };
};

/** Epoch ms of a wire timestamp (Date, ISO text, epoch seconds or epoch ms). */
export const timestampMs = (value: WireTimestamp | undefined): number | undefined => {
  if (value === undefined) return undefined;
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return value < 1e11 ? value * 1000 : value;
  const n = /^\d+(\.\d+)?$/.test(value) ? Number(value) * 1000 : Date.parse(value);
  return Number.isNaN(n) ? undefined : n;
};

const detailsOf = (event: HistoryEvent): Record<string, unknown> => {
  const key = `${event.EventType}Details` as keyof HistoryEvent;
  const details = event[key];
  return details !== null && typeof details === 'object' ? (details as Record<string, unknown>) : {};
};

/**
 * Folds history events into an operation tree (roots in first-event order), for custom views.
 *
 * @example
 * ```ts
 * const { execution, roots, invocations } = buildTimeline(result.history);
 * roots.filter((op) => op.status === 'FAILED').map((op) => op.name);
 * ```
 */
export const buildTimeline = (history: readonly HistoryEvent[]): { execution?: TimelineOperation; roots: TimelineOperation[]; invocations: number } => {
  const byId = new Map<string, TimelineOperation>();
  let execution: TimelineOperation | undefined;
  let invocations = 0;
  for (const event of history) {
    const { kind, outcome } = split(event.EventType);
    if (kind === 'Invocation') {
      invocations += 1;
      continue;
    }
    const id = event.Id ?? `#${event.EventId}`;
    let op = byId.get(id);
    if (!op) {
      op = { id, kind, status: 'STARTED', attempts: 0, children: [] };
      if (event.ParentId !== undefined) op.parentId = event.ParentId;
      if (event.SubType !== undefined) op.subType = event.SubType;
      byId.set(id, op);
      if (kind === 'Execution') execution = op;
    }
    if (event.Name !== undefined) op.name = event.Name;
    const at = timestampMs(event.EventTimestamp);
    const details = detailsOf(event);
    if (outcome === 'STARTED') {
      op.startMs ??= at;
      if (kind === 'Step') op.attempts += 1;
      else op.attempts = Math.max(op.attempts, 1);
      if (details.Input !== undefined) op.input = details.Input as EventPayload;
      const callbackId = (details as { CallbackId?: string }).CallbackId;
      if (callbackId !== undefined) op.callbackId = callbackId;
      op.status = 'STARTED';
      continue;
    }
    op.startMs ??= at;
    op.attempts = Math.max(op.attempts, 1);
    const retry = details.RetryDetails as { CurrentAttempt?: number; NextAttemptDelaySeconds?: number } | undefined;
    if (retry?.CurrentAttempt !== undefined) op.attempts = Math.max(op.attempts, retry.CurrentAttempt);
    const retrying = retry?.NextAttemptDelaySeconds !== undefined;
    op.status = retrying ? 'RETRYING' : outcome;
    if (retrying) op.retryInSeconds = retry.NextAttemptDelaySeconds;
    else delete op.retryInSeconds;
    if (!retrying && at !== undefined) op.endMs = at;
    const result = details.Result as EventPayload | undefined;
    if (result !== undefined) op.result = result;
    const error = (details.Error as EventPayload<ErrorObject> | undefined)?.Payload;
    if (error !== undefined && Object.keys(error).length > 0) op.error = error;
    else if (outcome === 'SUCCEEDED') delete op.error;
  }
  const roots: TimelineOperation[] = [];
  for (const op of byId.values()) {
    if (op === execution) continue;
    const parent = op.parentId === undefined ? undefined : byId.get(op.parentId);
    if (parent && parent !== execution) parent.children.push(op);
    else roots.push(op);
  }
  return { ...(execution ? { execution } : {}), roots, invocations };
};

/** `850ms`, `1.25s`, `5m 0s`, `2h 3m`. */
export const formatDuration = (ms: number): string => {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)}s`;
  const s = Math.round(ms / 1000);
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
  return `${Math.floor(s / 86_400)}d ${Math.floor((s % 86_400) / 3600)}h`;
};

/** `512 B`, `3.4 KiB`, `1.2 MiB`. */
export const formatBytes = (n: number): string => {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
};

/** Size of a payload plus what the envelope says (encrypted, compressed, offloaded). */
const describeSize = (payload: EventPayload | undefined): string | undefined => {
  const text = payload?.Payload;
  if (text === undefined) return undefined;
  const parts = [formatBytes(Buffer.byteLength(text, 'utf8'))];
  try {
    const d = describePayload(text);
    if (d.compression) parts.push(d.compression);
    if (d.encryption) parts.push('encrypted');
    if (d.offload) parts.push(`offloaded ${formatBytes(d.offload.bytes)}`);
  } catch {
    parts.push('unreadable envelope');
  }
  if (payload?.Truncated === true) parts.push('truncated');
  return parts.join(', ');
};

const errorText = (error: ErrorObject | undefined): string | undefined =>
  error === undefined ? undefined : [error.ErrorType, error.ErrorMessage].filter((s) => s !== undefined && s !== '').join(': ') || 'error';

const label = (op: TimelineOperation): string => {
  const sub = op.subType !== undefined && op.subType.toLowerCase() !== op.kind.toLowerCase() ? ` (${op.subType})` : '';
  return `${op.kind.toLowerCase()} ${op.name ?? op.id}${sub}`;
};

const facts = (op: TimelineOperation, now: number | undefined): string[] => {
  const out: string[] = [op.kind === 'Execution' && op.status === 'STARTED' ? 'RUNNING' : op.status];
  const end = op.endMs ?? now;
  if (op.startMs !== undefined && end !== undefined) out.push(formatDuration(Math.max(0, end - op.startMs)));
  if (op.status === 'RETRYING') out.push(`attempt ${op.attempts}, next in ${formatDuration((op.retryInSeconds ?? 0) * 1000)}`);
  else if (op.attempts > 1) out.push(`${op.attempts} attempts`);
  const input = op.kind === 'Execution' ? describeSize(op.input) : undefined;
  if (input !== undefined) out.push(`input ${input}`);
  const result = describeSize(op.result);
  if (result !== undefined) out.push(`result ${result}`);
  const error = errorText(op.error);
  if (error !== undefined) out.push(error);
  if (op.callbackId !== undefined && op.status === 'STARTED') out.push(`callback id ${op.callbackId}`);
  return out;
};

const cut = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`);

/**
 * Renders a history (the `Events` of GetDurableExecutionHistory, or the response itself) as
 * an operation tree with statuses, durations, attempts and payload sizes, then the result.
 *
 * @example
 * ```ts
 * const { history } = await runner.run({ orderId: 1 });
 * console.log(formatTimeline(history));
 * // execution 3f2a…  SUCCEEDED  5m 0s  input 14 B  (3 invocations)
 * // ├─ step charge    SUCCEEDED  12ms  2 attempts  result 34 B
 * // └─ wait cool-off  SUCCEEDED  5m 0s
 * // result: {"charged":true}
 * ```
 */
export const formatTimeline = (
  history: readonly HistoryEvent[] | { Events?: readonly HistoryEvent[] },
  options: TimelineOptions = {},
): string => {
  const events = Array.isArray(history) ? (history as readonly HistoryEvent[]) : ((history as { Events?: readonly HistoryEvent[] }).Events ?? []);
  const { execution, roots, invocations } = buildTimeline(events);
  const last = timestampMs(events.at(-1)?.EventTimestamp);
  const rows: [string, string][] = [];
  const walk = (ops: TimelineOperation[], prefix: string): void => {
    ops.forEach((op, i) => {
      const lastChild = i === ops.length - 1;
      rows.push([`${prefix}${lastChild ? '└─ ' : '├─ '}${label(op)}`, facts(op, last).join('  ')]);
      walk(op.children, `${prefix}${lastChild ? '   ' : '│  '}`);
    });
  };
  walk(roots, '');
  const lines: string[] = [];
  if (execution) {
    const head = facts(execution, last);
    head.push(`(${invocations} invocation${invocations === 1 ? '' : 's'})`);
    lines.push(`execution ${execution.name ?? execution.id}  ${head.join('  ')}`);
  }
  const width = Math.max(0, ...rows.map(([l]) => l.length));
  for (const [l, f] of rows) lines.push(`${l.padEnd(width)}  ${f}`);
  if (rows.length === 0) lines.push('(no operations)');
  if (options.showResult !== false && execution) {
    const max = options.maxPayloadChars ?? 2000;
    const text = execution.status === 'SUCCEEDED' ? execution.result?.Payload : undefined;
    if (execution.status === 'SUCCEEDED') lines.push(`result: ${text === undefined ? '(none)' : cut(text, max)}`);
    else if (execution.error) lines.push(`error: ${cut(errorText(execution.error) ?? '', max)}`);
  }
  return lines.join('\n');
};

const depthOf = (event: HistoryEvent, history: readonly HistoryEvent[]): number => {
  const parents = new Map<string, string | undefined>();
  for (const e of history) if (e.Id !== undefined && !parents.has(e.Id)) parents.set(e.Id, e.ParentId);
  let depth = 0;
  const seen = new Set<string>();
  for (let p = event.ParentId; p !== undefined && !seen.has(p) && parents.has(p); p = parents.get(p)) {
    seen.add(p);
    depth += 1;
  }
  return depth;
};

/**
 * One progress line for a history event that ends an operation (or an attempt, or opens a
 * callback); `undefined` for events not worth a line (starts, invocation ends). Feed it each
 * new event as it is recorded.
 *
 * @example
 * ```ts
 * const events = execution.history();
 * for (const event of events.slice(printed)) {
 *   const line = formatOperationLine(event, { history: events });
 *   if (line !== undefined) console.log(line);
 * }
 * // +0.01s  step charge        SUCCEEDED  12ms  result 34 B
 * // +0.01s  callback approval  STARTED  callback id eyJlIjoi…
 * ```
 */
export const formatOperationLine = (event: HistoryEvent, options: OperationLineOptions = {}): string | undefined => {
  const { kind, outcome } = split(event.EventType);
  if (kind === 'Invocation' || (outcome === 'STARTED' && kind !== 'Callback')) return undefined;
  const history = options.history ?? [];
  const upTo = history.includes(event) ? history.slice(0, history.indexOf(event) + 1) : [...history, event];
  const sameOp = upTo.filter((e) => e.Id === event.Id && (event.Id !== undefined || e === event));
  const op = buildTimeline(sameOp).execution ?? buildTimeline(sameOp).roots[0];
  if (!op) return undefined;
  const origin = timestampMs(options.origin) ?? timestampMs(history.find((e) => e.EventType === 'ExecutionStarted')?.EventTimestamp);
  const at = timestampMs(event.EventTimestamp);
  const offset = origin !== undefined && at !== undefined ? `+${formatDuration(Math.max(0, at - origin))}` : '';
  if (outcome === 'STARTED') delete op.startMs; // a callback that just opened has no duration yet
  const indent = '  '.repeat(depthOf(event, upTo));
  return `${offset.padStart(8)}  ${indent}${label(op)}  ${facts(op, at).join('  ')}`;
};
