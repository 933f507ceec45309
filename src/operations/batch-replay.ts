/**
 * Replay of a batch whose result was over 256 KiB (ReplayChildren, §5.7.8): items are walked
 * in index order; the ones the live run saw finish are re-driven (their records answer, nothing
 * runs again) and the others only advance the id counter. The completion reason is the one the
 * live run recorded in the summary.
 */
import type { BatchItem, BatchResult } from '../batch-types.js';
import { BatchItemStatus } from '../batch-types.js';
import type { DurableContextImpl } from '../context/durable-context.js';
import type { ExecutionState, OperationRecord } from '../engine/execution-state.js';
import type { DurableLogger } from '../logger/types.js';
import type { BatchCall } from './batch-item.js';
import { asChildContextError, settleBatchItem } from './batch-item.js';
import { completionRules } from './batch-completion.js';
import { BatchResultImpl } from './batch-result.js';
import { recordedCompletionReason, recordedItemStatuses } from './batch-summary.js';

const isFinished = (record: OperationRecord | undefined): boolean => record?.Status === 'SUCCEEDED' || record?.Status === 'FAILED';

/**
 * Without recorded markers (older payloads), a FLAT item counts as finished when all of its
 * recorded operations (`<item>-1`, `<item>-2`, … up to the first gap) are finished.
 */
function flatItemFinished(state: ExecutionState, itemRawId: string): boolean {
  let found = false;
  for (let n = 1; ; n += 1) {
    const record = state.getByRawId(`${itemRawId}-${n}`);
    if (!record) return found;
    if (!isFinished(record)) return false;
    found = true;
  }
}

/**
 * Did the live run see this item finish? Markers win, but a terminal marker over a record that
 * is not terminal is not trusted (re-driving it would wait forever).
 */
function itemFinished(state: ExecutionState, itemRawId: string, marker: string | undefined, markers: string | undefined): boolean {
  const record = state.getByRawId(itemRawId);
  if (markers !== undefined) return (marker === 'S' || marker === 'F') && (record === undefined || isFinished(record));
  if (record) return isFinished(record);
  return flatItemFinished(state, itemRawId);
}

/** Rebuilds the BatchResult of a ReplayChildren batch context. */
export async function replayBatch<TItem, TResult, L extends DurableLogger>(
  batchContext: DurableContextImpl<L>,
  call: BatchCall<TItem, TResult, L>,
): Promise<BatchResult<TResult>> {
  const { state } = batchContext.invocation;
  const payload = state.getByRawId(batchContext.contextId)?.ContextDetails?.Result;
  const markers = recordedItemStatuses(payload);
  const all: Array<BatchItem<TResult>> = [];
  for (const item of call.items) {
    if (!itemFinished(state, batchContext.peekOperationId(), markers?.[item.index], markers)) {
      batchContext.skipOperationId();
      continue;
    }
    try {
      const result = await settleBatchItem(batchContext, item, call);
      all.push({ result, index: item.index, status: BatchItemStatus.SUCCEEDED });
    } catch (error) {
      all.push({ error: asChildContextError(error), index: item.index, status: BatchItemStatus.FAILED });
    }
  }
  const reason = recordedCompletionReason(payload);
  if (reason !== undefined) return new BatchResultImpl(all, reason);
  // Older payloads carry no reason: infer it from what was rebuilt.
  const successCount = all.filter((entry) => entry.status === BatchItemStatus.SUCCEEDED).length;
  const failureCount = all.filter((entry) => entry.status === BatchItemStatus.FAILED).length;
  const statusByIndex = new Map(all.map((entry) => [entry.index, entry.status]));
  const inferred = completionRules(call.config.completionConfig).reason({
    successCount,
    failureCount,
    completedCount: successCount + failureCount,
    totalCount: call.items.length,
    items: () => call.items.map((item) => ({ index: item.index, name: item.name, status: statusByIndex.get(item.index) })),
  });
  return new BatchResultImpl(all, inferred);
}
