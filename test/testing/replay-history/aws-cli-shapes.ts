/**
 * Histories as the AWS CLI prints them: `aws lambda get-durable-execution-history` gives
 * `{"Events": [...]}` with ISO-8601 timestamps ("2026-01-01T00:00:00.123000+00:00"), and
 * `aws lambda get-durable-execution-state` gives `{"Operations": [...]}` the same way.
 */
import type { HistoryEvent, Operation } from '../../../src/protocol.js';
import { buildTimeline, timestampMs } from '../../../src/service/timeline.js';

/** Python's isoformat with microseconds and an explicit UTC offset, as botocore prints. */
const cliTimestamp = (value: unknown): string => new Date(timestampMs(value as number) ?? 0).toISOString().replace(/\.(\d{3})Z$/, '.$1000+00:00');

const retimed = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(retimed);
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, /Timestamp$/.test(key) ? cliTimestamp(inner) : retimed(inner)]));
};

/** `aws lambda get-durable-execution-history --include-execution-data` output. */
export const asAwsCliHistory = (history: HistoryEvent[]): unknown => ({ Events: retimed(history) });

const TYPES: Record<string, string> = { Execution: 'EXECUTION', Step: 'STEP', Wait: 'WAIT', Context: 'CONTEXT', Callback: 'CALLBACK', ChainedInvoke: 'CHAINED_INVOKE' };

/** `aws lambda get-durable-execution-state` output of the same (finished) execution. */
export const asAwsCliState = (history: HistoryEvent[]): unknown => {
  const { execution, roots } = buildTimeline(history);
  const operations: Operation[] = [];
  const add = (op: (typeof roots)[number]): void => {
    const type = TYPES[op.kind] ?? op.kind;
    const outcome = { ...(op.result?.Payload !== undefined ? { Result: op.result.Payload } : {}), ...(op.error ? { Error: op.error } : {}) };
    operations.push({
      Id: op.id,
      Type: type as Operation['Type'],
      Status: op.status as Operation['Status'],
      ...(op.parentId !== undefined ? { ParentId: op.parentId } : {}),
      ...(op.name !== undefined ? { Name: op.name } : {}),
      ...(op.subType !== undefined ? { SubType: op.subType } : {}),
      ...(op.startMs !== undefined ? { StartTimestamp: op.startMs } : {}),
      ...(type === 'STEP' ? { StepDetails: { Attempt: op.attempts, ...outcome } } : {}),
      ...(type === 'CONTEXT' ? { ContextDetails: outcome } : {}),
      ...(type === 'CALLBACK' ? { CallbackDetails: { CallbackId: op.callbackId, ...outcome } } : {}),
      ...(type === 'CHAINED_INVOKE' ? { ChainedInvokeDetails: outcome } : {}),
      ...(type === 'WAIT' ? { WaitDetails: {} } : {}),
    });
    op.children.forEach(add);
  };
  if (execution) operations.push({ Id: execution.id, Type: 'EXECUTION', Status: 'SUCCEEDED', ExecutionDetails: { InputPayload: execution.input?.Payload ?? '' } });
  roots.forEach(add);
  return retimed({ Operations: operations });
};
