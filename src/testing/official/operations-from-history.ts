/**
 * Operation records rebuilt from GetDurableExecutionHistory events, for the cloud runner (the
 * Lambda API has no "list operations" call). Each event moves its operation to the status its
 * type names and carries the details it holds.
 */
import type { ErrorObject, EventPayload, HistoryEvent, Operation, OperationStatus, OperationType } from '../../protocol.js';
import { toDate } from './details.js';
import type { OperationRecord } from './types.js';

const TYPE_PREFIXES: readonly [string, OperationType][] = [
  ['Execution', 'EXECUTION'],
  ['Context', 'CONTEXT'],
  ['Wait', 'WAIT'],
  ['Step', 'STEP'],
  ['ChainedInvoke', 'CHAINED_INVOKE'],
  ['Callback', 'CALLBACK'],
];

const STATUS_SUFFIXES: readonly [string, OperationStatus][] = [
  ['Started', 'STARTED'],
  ['Succeeded', 'SUCCEEDED'],
  ['Failed', 'FAILED'],
  ['TimedOut', 'TIMED_OUT'],
  ['Stopped', 'STOPPED'],
  ['Cancelled', 'CANCELLED'],
];

/**
 * The operations a history describes, in the order they first appear, each with its events.
 *
 * @example
 * ```ts
 * const records = operationsFromHistory(events);
 * records.find((r) => r.operation.Name === 'charge')?.operation.Status; // 'SUCCEEDED'
 * ```
 */
export const operationsFromHistory = (events: readonly HistoryEvent[]): OperationRecord[] => {
  const records = new Map<string, OperationRecord>();
  for (const event of events) {
    if (event.Id === undefined) continue;
    const type = TYPE_PREFIXES.find(([prefix]) => event.EventType.startsWith(prefix))?.[1];
    const status = STATUS_SUFFIXES.find(([suffix]) => event.EventType.endsWith(suffix))?.[1];
    if (type === undefined || status === undefined) continue;
    let record = records.get(event.Id);
    if (!record) {
      const operation: Operation<Date> = { Id: event.Id, Type: type, Status: status };
      if (event.ParentId !== undefined) operation.ParentId = event.ParentId;
      if (event.Name !== undefined) operation.Name = event.Name;
      if (event.SubType !== undefined) operation.SubType = event.SubType;
      const start = toDate(event.EventTimestamp);
      if (start) operation.StartTimestamp = start;
      record = { operation, events: [] };
      records.set(event.Id, record);
    }
    record.events.push(event);
    apply(record.operation, event, status);
  }
  return [...records.values()];
};

const payload = (p: EventPayload | undefined): string | undefined => p?.Payload;
const error = (p: EventPayload<ErrorObject> | undefined): ErrorObject | undefined => p?.Payload;

const apply = (op: Operation<Date>, event: HistoryEvent, status: OperationStatus): void => {
  op.Status = status;
  const at = toDate(event.EventTimestamp);
  if (status !== 'STARTED' && at) op.EndTimestamp = at;
  switch (event.EventType) {
    case 'ExecutionStarted': {
      const input = payload(event.ExecutionStartedDetails?.Input);
      op.ExecutionDetails = input === undefined ? {} : { InputPayload: input };
      break;
    }
    case 'ContextSucceeded':
      op.ContextDetails = withDefined({ Result: payload(event.ContextSucceededDetails?.Result) });
      break;
    case 'ContextFailed':
      op.ContextDetails = withDefined({ Error: error(event.ContextFailedDetails?.Error) });
      break;
    case 'WaitStarted': {
      const end = toDate(event.WaitStartedDetails?.ScheduledEndTimestamp);
      op.WaitDetails = end ? { ScheduledEndTimestamp: end } : {};
      break;
    }
    case 'StepStarted':
      delete op.EndTimestamp;
      break;
    case 'StepSucceeded':
      op.StepDetails = withDefined({ Attempt: event.StepSucceededDetails?.RetryDetails?.CurrentAttempt, Result: payload(event.StepSucceededDetails?.Result) });
      break;
    case 'StepFailed': {
      const retry = event.StepFailedDetails?.RetryDetails;
      const delay = retry?.NextAttemptDelaySeconds;
      // A failed attempt with a next attempt scheduled leaves the step PENDING, as the service does.
      if (delay !== undefined && at) {
        op.Status = 'PENDING';
        delete op.EndTimestamp;
      }
      op.StepDetails = withDefined({
        Attempt: retry?.CurrentAttempt,
        NextAttemptTimestamp: delay !== undefined && at ? new Date(at.getTime() + delay * 1000) : undefined,
        Error: error(event.StepFailedDetails?.Error),
      });
      break;
    }
    case 'ChainedInvokeSucceeded':
      op.ChainedInvokeDetails = withDefined({ Result: payload(event.ChainedInvokeSucceededDetails?.Result) });
      break;
    case 'ChainedInvokeFailed':
    case 'ChainedInvokeTimedOut':
    case 'ChainedInvokeStopped': {
      const details = event.ChainedInvokeFailedDetails ?? event.ChainedInvokeTimedOutDetails ?? event.ChainedInvokeStoppedDetails;
      op.ChainedInvokeDetails = withDefined({ Error: error(details?.Error) });
      break;
    }
    case 'CallbackStarted':
      op.CallbackDetails = withDefined({ CallbackId: event.CallbackStartedDetails?.CallbackId });
      break;
    case 'CallbackSucceeded':
      op.CallbackDetails = withDefined({ ...op.CallbackDetails, Result: payload(event.CallbackSucceededDetails?.Result) });
      break;
    case 'CallbackFailed':
    case 'CallbackTimedOut': {
      const details = event.CallbackFailedDetails ?? event.CallbackTimedOutDetails;
      op.CallbackDetails = withDefined({ ...op.CallbackDetails, Error: error(details?.Error) });
      break;
    }
    default:
      break;
  }
};

/** Drops undefined members (the records are compared and printed; absent beats undefined). */
const withDefined = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
