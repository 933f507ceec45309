/**
 * Folds an execution's history (GetDurableExecutionHistory) into what the console's execution
 * page shows: the operation tree with a Gantt row per operation (attempts, retry delays, waits,
 * callbacks, child contexts, map items), invocations, events, payload descriptions and usage.
 * Encoded payloads are described, never decoded here (decoding is an explicit reveal).
 */
import type { ErrorObject, EventPayload, HistoryEvent } from '../protocol.js';
import { describePayload } from '../serdes/envelope.js';
import { timestampMs } from '../service/timeline.js';
import type { ErrorView, EventRow, ExecutionView, OperationNode, PayloadView, Segment } from './view-types.js';

const TEXT_LIMIT = 4096;

const KINDS = ['ChainedInvoke', 'Execution', 'Context', 'Callback', 'Invocation', 'Step', 'Wait'] as const;

const kindOf = (type: string): { kind: string; outcome: string } => {
  const kind = KINDS.find((k) => type.startsWith(k)) ?? type;
  return { kind, outcome: type.slice(kind.length) };
};

const detailsOf = (event: HistoryEvent): Record<string, unknown> => {
  const details = event[`${event.EventType}Details` as keyof HistoryEvent];
  return details !== null && typeof details === 'object' ? (details as Record<string, unknown>) : {};
};

/** A payload's description, with the text of plain ones. */
export const payloadView = (eventId: number, field: string, data: string): PayloadView => {
  let encoding = 'plain';
  let bytes = Buffer.byteLength(data, 'utf8');
  try {
    const d = describePayload(data);
    bytes = d.checkpointBytes;
    if (d.kind !== 'plain') {
      encoding = [d.format, d.compression, d.encryption ? `encrypted (${d.encryption.keyId})` : undefined, d.offload ? `offloaded ${d.offload.bytes} B` : undefined]
        .filter((s) => s !== undefined)
        .join(', ');
    }
  } catch {
    encoding = 'unreadable envelope';
  }
  if (encoding !== 'plain') return { eventId, field, bytes, encoding };
  const truncated = data.length > TEXT_LIMIT;
  return { eventId, field, bytes, encoding, text: truncated ? data.slice(0, TEXT_LIMIT) : data, ...(truncated ? { truncated } : {}) };
};

/** An ErrorObject for the page. */
export const errorView = (error: ErrorObject | undefined): ErrorView | undefined => {
  if (error === undefined || Object.keys(error).length === 0) return undefined;
  return {
    ...(error.ErrorType !== undefined ? { type: error.ErrorType } : {}),
    ...(error.ErrorMessage !== undefined ? { message: error.ErrorMessage } : {}),
    ...(error.ErrorData !== undefined ? { data: error.ErrorData } : {}),
    ...(error.StackTrace !== undefined ? { stack: error.StackTrace } : {}),
  };
};

const SEGMENT_OF: Record<string, Segment['kind']> = { Step: 'run', Wait: 'wait', Callback: 'callback', ChainedInvoke: 'invoke', Context: 'context' };

/** Folds operation events into nodes with their segments. */
const foldOperations = (events: readonly HistoryEvent[]): { roots: OperationNode[]; payloadBytes: number } => {
  const byId = new Map<string, OperationNode>();
  let payloadBytes = 0;
  for (const event of events) {
    const { kind, outcome } = kindOf(event.EventType);
    const details = detailsOf(event);
    for (const field of ['Input', 'Result']) {
      const data = (details[field] as EventPayload | undefined)?.Payload;
      if (typeof data === 'string') payloadBytes += Buffer.byteLength(data, 'utf8');
    }
    if (kind === 'Execution' || kind === 'Invocation' || event.Id === undefined) continue;
    let op = byId.get(event.Id);
    if (!op) {
      op = { id: event.Id, kind, status: 'STARTED', attempts: 0, segments: [], children: [] };
      if (event.ParentId !== undefined) op.parentId = event.ParentId;
      if (event.SubType !== undefined) op.subType = event.SubType;
      byId.set(event.Id, op);
    }
    if (event.Name !== undefined) op.name = event.Name;
    const at = timestampMs(event.EventTimestamp);
    const open = op.segments.at(-1);
    const closeOpen = (): void => {
      if (open && open.toMs === undefined && at !== undefined) open.toMs = at;
    };
    if (outcome === 'Started') {
      op.startMs ??= at;
      op.status = 'STARTED';
      op.attempts = kind === 'Step' ? op.attempts + 1 : Math.max(op.attempts, 1);
      // A retry's delay ends when the next attempt starts.
      closeOpen();
      if (at !== undefined) op.segments.push({ fromMs: at, kind: SEGMENT_OF[kind] ?? 'run', ...(kind === 'Step' ? { label: `attempt ${op.attempts}` } : {}) });
      const input = (details.Input as EventPayload | undefined)?.Payload;
      if (typeof input === 'string') op.input = payloadView(event.EventId, 'Input', input);
      const callbackId = (details as { CallbackId?: string }).CallbackId;
      if (callbackId !== undefined) op.callbackId = callbackId;
      continue;
    }
    op.startMs ??= at;
    op.attempts = Math.max(op.attempts, 1);
    closeOpen();
    const retry = details.RetryDetails as { CurrentAttempt?: number; NextAttemptDelaySeconds?: number } | undefined;
    if (retry?.NextAttemptDelaySeconds !== undefined && at !== undefined) {
      op.status = 'RETRYING';
      op.segments.push({ fromMs: at, kind: 'retry-delay', label: `retry in ${retry.NextAttemptDelaySeconds}s` });
    } else {
      op.status = outcome.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
      if (at !== undefined) op.endMs = at;
    }
    const result = (details.Result as EventPayload | undefined)?.Payload;
    if (typeof result === 'string') op.result = payloadView(event.EventId, 'Result', result);
    const error = errorView((details.Error as EventPayload<ErrorObject> | undefined)?.Payload);
    if (error) op.error = error;
    else if (outcome === 'Succeeded') delete op.error;
  }
  const roots: OperationNode[] = [];
  for (const op of byId.values()) {
    const parent = op.parentId === undefined ? undefined : byId.get(op.parentId);
    if (parent) parent.children.push(op);
    else roots.push(op);
  }
  return { roots, payloadBytes };
};

/** Options of {@link buildExecutionView}. */
export interface ExecutionViewInput {
  arn: string;
  name?: string;
  functionName?: string;
  status: string;
  events: readonly HistoryEvent[];
  actions: boolean;
}

/**
 * The execution page's model from GetDurableExecution's status and the full history.
 *
 * @example
 * const view = buildExecutionView({ arn, status: 'RUNNING', events, actions: true });
 * view.pendingCallbacks.map((c) => c.callbackId);
 */
export const buildExecutionView = (input: ExecutionViewInput): ExecutionView => {
  const { events } = input;
  const { roots, payloadBytes } = foldOperations(events);
  const view: ExecutionView = {
    arn: input.arn,
    name: input.name ?? input.arn.split('/').at(-2) ?? input.arn,
    functionName: input.functionName ?? /:function:([^:/]+)/.exec(input.arn)?.[1] ?? '',
    status: input.status,
    operations: roots,
    invocations: [],
    events: [],
    pendingCallbacks: [],
    usage: { operations: 0, events: events.length, invocations: 0, payloadBytes },
    actions: input.actions,
  };
  for (const event of events) {
    const at = timestampMs(event.EventTimestamp);
    const row: EventRow = { eventId: event.EventId, type: event.EventType };
    if (event.Id !== undefined) row.id = event.Id;
    if (event.Name !== undefined) row.name = event.Name;
    if (at !== undefined) {
      row.atMs = at;
      view.lastEventMs = Math.max(view.lastEventMs ?? at, at);
    }
    view.events.push(row);
    const details = detailsOf(event);
    if (event.EventType === 'ExecutionStarted') {
      if (at !== undefined) view.startMs = at;
      const data = (details.Input as EventPayload | undefined)?.Payload;
      if (typeof data === 'string') view.input = payloadView(event.EventId, 'Input', data);
    } else if (event.EventType.startsWith('Execution')) {
      if (at !== undefined) view.endMs = at;
      const data = (details.Result as EventPayload | undefined)?.Payload;
      if (typeof data === 'string') view.result = payloadView(event.EventId, 'Result', data);
      const error = errorView((details.Error as EventPayload<ErrorObject> | undefined)?.Payload);
      if (error) view.error = error;
    } else if (event.EventType === 'InvocationCompleted') {
      const d = event.InvocationCompletedDetails ?? {};
      const from = timestampMs(d.StartTimestamp);
      const to = timestampMs(d.EndTimestamp);
      view.usage.invocations += 1;
      if (from !== undefined) view.invocations.push({ fromMs: from, ...(to !== undefined ? { toMs: to } : {}), kind: 'invocation', label: `invocation ${view.usage.invocations}` });
    }
  }
  const visit = (nodes: OperationNode[], parentName: string | undefined): void => {
    for (const node of nodes) {
      view.usage.operations += 1;
      // waitForCallback's callback is a nameless child of the named context.
      const name = node.name ?? parentName;
      if (node.kind === 'Callback' && node.status === 'STARTED' && node.callbackId !== undefined) {
        view.pendingCallbacks.push({ callbackId: node.callbackId, operationId: node.id, ...(name !== undefined ? { name } : {}) });
      }
      visit(node.children, node.name);
    }
  };
  visit(roots, undefined);
  // A terminal execution closes every open segment at its end.
  if (view.endMs !== undefined) {
    const close = (nodes: OperationNode[]): void => {
      for (const node of nodes) {
        for (const s of node.segments) s.toMs ??= view.endMs;
        close(node.children);
      }
    };
    close(roots);
  }
  return view;
};
