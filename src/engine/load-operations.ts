/**
 * Pages in the whole operation log at the start of an invocation (§1.3): the event's first
 * page, then GetDurableExecutionState (MaxItems 1000) while a NextMarker comes back. A page
 * that is not a page, a marker that repeats, too many pages, or records that conflict (a
 * duplicated id, an unknown status, no or several EXECUTION records) end the invocation with an
 * `InvalidExecutionStateError` naming the problem instead of a crash, an endless loop (one that
 * would also starve the event loop: every page is a resolved promise away) or a silent choice.
 */
import type { DurableExecutionInvocationInput } from '../protocol.js';
import { Limits, OperationStatus } from '../protocol.js';
import type { DurableExecutionClient } from '../transport/checkpoint-client.js';

/** Name of the error a malformed state page raises (the invocation fails; Lambda retries it). */
export const INVALID_EXECUTION_STATE = 'InvalidExecutionStateError';

const invalidState = (message: string): Error => {
  const error = new Error(`Cannot load the execution's operations: ${message}`);
  error.name = INVALID_EXECUTION_STATE;
  return error;
};

const markerOf = (value: unknown, where: string): string => {
  if (value === undefined || value === null || value === '') return '';
  if (typeof value !== 'string') throw invalidState(`${where} has a NextMarker that is not a string (${typeof value}).`);
  return value;
};

/**
 * Most pages a load reads: 10 000 pages of 1 000 records. A service that keeps answering new
 * markers past it is faulty, and the load ends instead of looping.
 */
export const MAX_STATE_PAGES = 10_000;

const STATUSES: ReadonlySet<unknown> = new Set(Object.values(OperationStatus));

const describeId = (id: string): string => JSON.stringify(id.length > 80 ? `${id.slice(0, 80)}…` : id);

/**
 * One pass over the loaded records: each record (an object with a string `Id`) is seen once and
 * has a known `Status`, and exactly one is the EXECUTION record. A conflict is never resolved silently (a
 * later STARTED record would otherwise replace a SUCCEEDED step and re-run its side effect).
 */
function checkOperations(operations: readonly unknown[]): void {
  const ids = new Set<string>();
  let executions = 0;
  for (const raw of operations) {
    // A value with no string Id matches no operation; it has always been skipped (normalizeOperation).
    if (raw === null || typeof raw !== 'object') continue;
    const { Id, Status, Type } = raw as { Id?: unknown; Status?: unknown; Type?: unknown };
    if (typeof Id !== 'string' || Id === '') continue;
    if (ids.has(Id)) throw invalidState(`the operation ${describeId(Id)} appears twice; which record holds is unknown, so none is trusted.`);
    ids.add(Id);
    if (!STATUSES.has(Status)) {
      throw invalidState(`the operation ${describeId(Id)} has ${Status === undefined ? 'no Status' : `the unknown Status ${(JSON.stringify(Status) ?? typeof Status).slice(0, 40)}`}.`);
    }
    if (Type === 'EXECUTION') executions += 1;
  }
  if (executions !== 1) throw invalidState(executions === 0 ? 'there is no EXECUTION record.' : `there are ${executions} EXECUTION records; there must be one.`);
}

const operationsOf = (value: unknown, where: string): unknown[] => {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalidState(`${where} has Operations that are not a list (${typeof value}).`);
  return value;
};

/**
 * Every operation record of the execution, in page order.
 *
 * @example
 * ```ts
 * const operations = await loadOperations(client, event);
 * ```
 */
export async function loadOperations(client: DurableExecutionClient, event: DurableExecutionInvocationInput): Promise<unknown[]> {
  if (typeof event.DurableExecutionArn !== 'string') throw invalidState(`the event's DurableExecutionArn is a ${typeof event.DurableExecutionArn}, not a string.`);
  if (typeof event.CheckpointToken !== 'string') throw invalidState(`the event's CheckpointToken is a ${typeof event.CheckpointToken}, not a string.`);
  const initial: unknown = event.InitialExecutionState;
  const first = initial !== null && typeof initial === 'object' ? (initial as { Operations?: unknown; NextMarker?: unknown }) : {};
  // The event's own page has always been read leniently (anything but a list means none).
  const operations: unknown[] = Array.isArray(first.Operations) ? [...(first.Operations as unknown[])] : [];
  let marker = markerOf(first.NextMarker, 'The invocation event');
  const seen = new Set<string>();
  while (marker) {
    if (seen.size >= MAX_STATE_PAGES) throw invalidState(`GetDurableExecutionState kept returning new page markers past ${MAX_STATE_PAGES} pages.`);
    if (seen.has(marker)) throw invalidState(`GetDurableExecutionState returned the page marker "${marker}" twice, so its pages would never end.`);
    seen.add(marker);
    const page: unknown = await client.getExecutionState({
      DurableExecutionArn: event.DurableExecutionArn,
      CheckpointToken: event.CheckpointToken,
      Marker: marker,
      MaxItems: Limits.STATE_PAGE_SIZE,
    });
    if (page === null || typeof page !== 'object') throw invalidState(`GetDurableExecutionState answered ${page === null ? 'null' : typeof page} instead of a page.`);
    const { Operations, NextMarker } = page as { Operations?: unknown; NextMarker?: unknown };
    // One by one: spreading a 300 000-record page into push() overflows the stack.
    for (const operation of operationsOf(Operations, 'A GetDurableExecutionState page')) operations.push(operation);
    marker = markerOf(NextMarker, 'A GetDurableExecutionState page');
  }
  checkOperations(operations);
  return operations;
}
