/**
 * JSON encoding of an execution for a store: the execution's own fields (the "head"), its
 * operations one by one and its history events one by one, so a store can write only what
 * changed. Dates, Maps and Sets are tagged (`{"$date": ms}`, `{"$map": [[k, v]]}`,
 * `{"$set": [v]}`), so fields the service adds later keep their type; every user payload in the
 * record is a string, so a tag cannot collide with user data.
 */
import type { HistoryEvent } from '../../protocol.js';
import type { ExecutionState, OperationState } from '../execution-state.js';
import type { SchedulingState } from './execution-store.js';

/** Head fields: everything of an execution but its operations, events and checkpoint replies. */
type Head = Omit<ExecutionState, 'operations' | 'events' | 'clientTokens'> & { scheduling: SchedulingState };

/** Serialises with Dates, Maps and Sets tagged. */
export const encodeJson = (value: unknown): string =>
  JSON.stringify(value, function replacer(this: Record<string, unknown>, key: string, v: unknown) {
    const raw = this[key];
    if (raw instanceof Date) return { $date: raw.getTime() };
    if (raw instanceof Map) return { $map: [...raw.entries()] };
    if (raw instanceof Set) return { $set: [...raw.values()] };
    return v;
  });

/** Parses what {@link encodeJson} wrote, turning tags back into Dates, Maps and Sets. */
export const decodeJson = <T>(text: string): T =>
  JSON.parse(text, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const entries = Object.entries(v);
    if (entries.length !== 1) return v;
    const [tag, inner] = entries[0] as [string, unknown];
    if (tag === '$date' && typeof inner === 'number') return new Date(inner);
    if (tag === '$map' && Array.isArray(inner)) return new Map(inner as [unknown, unknown][]);
    if (tag === '$set' && Array.isArray(inner)) return new Set(inner);
    return v;
  }) as T;

/** The head of `exec` with its scheduling state, as JSON. */
export const encodeHead = (exec: ExecutionState, scheduling: SchedulingState): string => {
  // Checkpoint replies by ClientToken are not kept: after a restart the invocation that could
  // retry such a checkpoint is gone (its token is stale), so they would never be read.
  const { operations: _operations, events: _events, clientTokens: _clientTokens, ...rest } = exec;
  const head: Head = { ...rest, scheduling };
  return encodeJson(head);
};

/** One operation as JSON. */
export const encodeOperation = (state: OperationState): string => encodeJson(state);

/** One history event as JSON. */
export const encodeEvent = (event: HistoryEvent): string => encodeJson(event);

/** Rebuilds an execution from its head, operations (log order) and events (EventId order). */
export const decodeExecution = (
  headText: string,
  operationTexts: readonly string[],
  eventTexts: readonly string[],
): { exec: ExecutionState; scheduling: SchedulingState } => {
  const { scheduling, ...rest } = decodeJson<Head>(headText);
  const operations = new Map<string, OperationState>();
  for (const text of operationTexts) {
    const state = decodeJson<OperationState>(text);
    operations.set(state.op.Id, state);
  }
  const exec: ExecutionState = {
    ...rest,
    operations,
    events: eventTexts.map((t) => decodeJson<HistoryEvent>(t)),
    clientTokens: new Map(),
  };
  return { exec, scheduling };
};
