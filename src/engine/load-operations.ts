/**
 * Pages in the whole operation log at the start of an invocation (§1.3): the event's first
 * page, then GetDurableExecutionState (MaxItems 1000) while a NextMarker comes back. A page
 * that is not a page, or a marker that repeats, ends the invocation with a clear error instead
 * of a crash or an endless loop (one that would also starve the event loop: every page is a
 * resolved promise away).
 */
import type { DurableExecutionInvocationInput } from '../protocol.js';
import { Limits } from '../protocol.js';
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
  const initial: unknown = event.InitialExecutionState;
  const first = initial !== null && typeof initial === 'object' ? (initial as { Operations?: unknown; NextMarker?: unknown }) : {};
  // The event's own page has always been read leniently (anything but a list means none).
  const operations: unknown[] = Array.isArray(first.Operations) ? [...(first.Operations as unknown[])] : [];
  let marker = markerOf(first.NextMarker, 'The invocation event');
  const seen = new Set<string>();
  while (marker) {
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
    operations.push(...operationsOf(Operations, 'A GetDurableExecutionState page'));
    marker = markerOf(NextMarker, 'A GetDurableExecutionState page');
  }
  return operations;
}
