/**
 * History events as GetDurableExecutionHistory returns them (protocol.md §8.1), recorded in the
 * order the service records them.
 */
import type { ErrorObject, EventPayload, EventType, HistoryEvent, Operation, RetryDetails } from '../protocol.js';

/**
 * Payloads longer than this (UTF-8 bytes) are cut in history events and flagged `Truncated`.
 * The service's exact threshold is not published; this is the checkpoint payload limit SDKs use.
 */
export const HISTORY_PAYLOAD_LIMIT_BYTES = 256 * 1024;

/** `{Payload, Truncated}` for a string payload. */
export const textPayload = (payload: string | undefined): EventPayload => {
  if (payload === undefined) return { Truncated: false };
  const bytes = Buffer.from(payload, 'utf8');
  if (bytes.length <= HISTORY_PAYLOAD_LIMIT_BYTES) return { Payload: payload, Truncated: false };
  return { Payload: bytes.subarray(0, HISTORY_PAYLOAD_LIMIT_BYTES).toString('utf8'), Truncated: true };
};

/** `{Payload, Truncated}` for an error payload. */
export const errorPayload = (error: ErrorObject | undefined): EventPayload<ErrorObject> => ({
  Payload: error ?? {},
  Truncated: false,
});

type Details = Omit<HistoryEvent, 'EventType' | 'EventId' | 'EventTimestamp' | 'Id' | 'Name' | 'SubType' | 'ParentId'>;

/** Appends an event with the next EventId. */
export const recordEvent = (
  exec: { readonly events: HistoryEvent[] },
  type: EventType,
  at: number,
  details: Details,
  op?: Pick<Operation, 'Id' | 'Name' | 'SubType' | 'ParentId'>,
): HistoryEvent => {
  const event: HistoryEvent = {
    EventType: type,
    EventId: exec.events.length + 1,
    EventTimestamp: new Date(at),
    ...(op?.SubType !== undefined ? { SubType: op.SubType } : {}),
    ...(op?.Id !== undefined ? { Id: op.Id } : {}),
    ...(op?.Name !== undefined ? { Name: op.Name } : {}),
    ...(op?.ParentId !== undefined ? { ParentId: op.ParentId } : {}),
    ...details,
  };
  exec.events.push(event);
  return event;
};

/** RetryDetails of a step event. */
export const retryDetails = (attempt: number, nextDelaySeconds?: number): RetryDetails =>
  nextDelaySeconds === undefined
    ? { CurrentAttempt: attempt }
    : { CurrentAttempt: attempt, NextAttemptDelaySeconds: nextDelaySeconds };

/** Drops payload data for `IncludeExecutionData: false`, keeping every other field. */
export const withoutExecutionData = (event: HistoryEvent): HistoryEvent => {
  const copy = structuredClone(event) as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(copy)) {
    if (!key.endsWith('Details') || value === null || typeof value !== 'object') continue;
    const details = value as Record<string, unknown>;
    for (const field of ['Input', 'Result', 'Error']) {
      const payload = details[field];
      if (payload !== null && typeof payload === 'object') delete (payload as Record<string, unknown>).Payload;
    }
  }
  return copy as unknown as HistoryEvent;
};
