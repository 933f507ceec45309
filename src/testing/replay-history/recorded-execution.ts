/**
 * Reads the histories users have into the operation records a replay starts from:
 * `durable-lambda history --json` and the console's export (`{DurableExecutionArn, Status,
 * Events}`), AWS's GetDurableExecutionHistory JSON (`{Events, NextMarker}`, timestamps as the AWS
 * CLI prints them) and GetDurableExecutionState JSON (`{Operations, NextMarker}`).
 */
import type { ErrorObject, EventPayload, HistoryEvent, Operation, OperationStatus, OperationType } from '../../protocol.js';
import { buildTimeline, type TimelineOperation } from '../../service/timeline.js';

/** A recorded execution: what the service would hand one more invocation. */
export interface RecordedExecution {
  /** The execution's ARN, when the document names it. */
  readonly arn: string | undefined;
  /** The execution's status, when the document names it. */
  readonly status: string | undefined;
  /** Every operation record, the EXECUTION record first. */
  readonly operations: readonly Operation[];
  /** Which shape the document had. */
  readonly source: 'history' | 'state';
}

/** Raised for a document that is not a history or state this tool can read. */
export class RecordedExecutionFormatError extends Error {
  override name = 'RecordedExecutionFormatError';
}

const TYPES: Readonly<Record<string, OperationType>> = {
  Execution: 'EXECUTION',
  Step: 'STEP',
  Wait: 'WAIT',
  Context: 'CONTEXT',
  Callback: 'CALLBACK',
  ChainedInvoke: 'CHAINED_INVOKE',
};

const STATUSES: ReadonlySet<string> = new Set(['STARTED', 'PENDING', 'READY', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'TIMED_OUT', 'STOPPED']);

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (payload: EventPayload | undefined): string | undefined => (typeof payload?.Payload === 'string' ? payload.Payload : undefined);

/** One operation record from a timeline entry folded from history events. */
function toOperation(op: TimelineOperation, type: OperationType): Operation {
  const status = (op.status === 'RETRYING' ? 'PENDING' : op.status) as OperationStatus;
  const record: Operation = { Id: op.id, Type: type, Status: status };
  if (op.parentId !== undefined) record.ParentId = op.parentId;
  if (op.name !== undefined) record.Name = op.name;
  if (op.subType !== undefined) record.SubType = op.subType;
  if (op.startMs !== undefined) record.StartTimestamp = new Date(op.startMs);
  if (op.endMs !== undefined) record.EndTimestamp = new Date(op.endMs);
  const result = text(op.result);
  const error: ErrorObject | undefined = op.error;
  const outcome = { ...(result !== undefined ? { Result: result } : {}), ...(error !== undefined ? { Error: error } : {}) };
  if (type === 'EXECUTION') record.ExecutionDetails = text(op.input) !== undefined ? { InputPayload: text(op.input) as string } : {};
  else if (type === 'STEP') {
    record.StepDetails = { Attempt: op.attempts, ...outcome };
    if (op.retryInSeconds !== undefined) record.StepDetails.NextAttemptTimestamp = new Date(Date.now() + op.retryInSeconds * 1000);
  } else if (type === 'CONTEXT') record.ContextDetails = outcome;
  else if (type === 'CALLBACK') record.CallbackDetails = { ...(op.callbackId !== undefined ? { CallbackId: op.callbackId } : {}), ...outcome };
  else if (type === 'CHAINED_INVOKE') record.ChainedInvokeDetails = outcome;
  else if (type === 'WAIT') record.WaitDetails = {};
  return record;
}

function fromEvents(events: unknown[], arn: string | undefined, status: string | undefined): RecordedExecution {
  events.forEach((event, index) => {
    if (!isRecord(event) || typeof event.EventType !== 'string') {
      throw new RecordedExecutionFormatError(`Event ${index} has no EventType: not a GetDurableExecutionHistory event.`);
    }
  });
  const { execution, roots } = buildTimeline(events as HistoryEvent[]);
  if (!execution) throw new RecordedExecutionFormatError('The history has no ExecutionStarted event, so the execution input is unknown.');
  const operations: Operation[] = [toOperation(execution, 'EXECUTION')];
  const visit = (op: TimelineOperation): void => {
    const type = TYPES[op.kind];
    if (type === undefined) throw new RecordedExecutionFormatError(`Unknown event kind "${op.kind}" for operation ${op.id}.`);
    operations.push(toOperation(op, type));
    op.children.forEach(visit);
  };
  roots.forEach(visit);
  return { arn, status, operations, source: 'history' };
}

function fromState(raw: unknown[], arn: string | undefined, status: string | undefined): RecordedExecution {
  const operations = raw.map((op, index): Operation => {
    if (!isRecord(op) || typeof op.Id !== 'string' || typeof op.Type !== 'string' || typeof op.Status !== 'string' || !STATUSES.has(op.Status)) {
      throw new RecordedExecutionFormatError(`Operation ${index} lacks a string Id, Type or a known Status: not a GetDurableExecutionState operation.`);
    }
    return op as unknown as Operation;
  });
  const executionIndex = operations.findIndex((op) => op.Type === 'EXECUTION');
  if (executionIndex < 0) throw new RecordedExecutionFormatError('The state has no EXECUTION operation, so the execution input is unknown.');
  const ordered = [operations[executionIndex] as Operation, ...operations.filter((_, index) => index !== executionIndex)];
  return { arn, status, operations: ordered, source: 'state' };
}

/**
 * Reads a history or state document (already parsed from JSON).
 *
 * @example
 * ```ts
 * const recorded = readRecordedExecution(JSON.parse(readFileSync('history.json', 'utf8')));
 * console.log(recorded.operations.length);
 * ```
 */
export function readRecordedExecution(document: unknown): RecordedExecution {
  if (Array.isArray(document)) return fromEvents(document, undefined, undefined);
  if (!isRecord(document)) throw new RecordedExecutionFormatError('Expected a JSON object with Events (a history) or Operations (a state).');
  const arn = typeof document.DurableExecutionArn === 'string' ? document.DurableExecutionArn : undefined;
  const status = typeof document.Status === 'string' ? document.Status : undefined;
  if (Array.isArray(document.Events)) return fromEvents(document.Events, arn, status);
  if (Array.isArray(document.Operations)) return fromState(document.Operations, arn, status);
  throw new RecordedExecutionFormatError('Expected Events (durable-lambda history --json, GetDurableExecutionHistory) or Operations (GetDurableExecutionState).');
}
