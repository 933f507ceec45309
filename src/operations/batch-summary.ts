/**
 * What a Map/Parallel CONTEXT stores when its BatchResult exceeds 256 KiB (§5.7.8): a summary
 * JSON with the counts, the completion reason and `itemStatuses` (one char per item: `S`
 * succeeded, `F` failed, `-` unfinished), plus a user summary under `summary`. Replay reads the
 * reason and the statuses back from it.
 */
import type { BatchResult } from '../batch-types.js';
import { BatchItemStatus } from '../batch-types.js';
import type { CompletionReason } from '../errors.js';

const COMPLETION_REASONS: ReadonlySet<string> = new Set<CompletionReason>([
  'ALL_COMPLETED',
  'MIN_SUCCESSFUL_REACHED',
  'FAILURE_TOLERANCE_EXCEEDED',
  'CUSTOM_COMPLETION_SUCCEEDED',
  'CUSTOM_COMPLETION_FAILED',
]);

/** One marker per index up to the highest started index. */
export function encodeItemStatuses(items: ReadonlyArray<{ index: unknown; status?: unknown }>): string {
  let maxIndex = -1;
  for (const item of items) if (typeof item.index === 'number' && item.index > maxIndex) maxIndex = item.index;
  if (maxIndex < 0) return '';
  const markers = new Array<string>(maxIndex + 1).fill('-');
  for (const item of items) {
    if (typeof item.index !== 'number') continue;
    if (item.status === BatchItemStatus.SUCCEEDED) markers[item.index] = 'S';
    else if (item.status === BatchItemStatus.FAILED) markers[item.index] = 'F';
  }
  return markers.join('');
}

/** Which batch the summary describes (the parallel summary also counts started items). */
export type BatchKind = 'map' | 'parallel';

/**
 * The summary generator of a batch: the SDK record, with the user's summary (if any) kept
 * verbatim under `summary`, so the fields replay needs are always present.
 */
export function batchSummaryGenerator<T>(
  kind: BatchKind,
  userGenerator: ((result: BatchResult<T>) => string) | undefined,
): (result: BatchResult<T>) => string {
  return (result) => {
    const record: Record<string, unknown> =
      kind === 'map'
        ? {
            type: 'MapResult',
            totalCount: result.totalCount,
            successCount: result.successCount,
            failureCount: result.failureCount,
            completionReason: result.completionReason,
            status: result.status,
            itemStatuses: encodeItemStatuses(result.all ?? []),
          }
        : {
            type: 'ParallelResult',
            totalCount: result.totalCount,
            successCount: result.successCount,
            failureCount: result.failureCount,
            startedCount: result.startedCount,
            completionReason: result.completionReason,
            status: result.status,
            itemStatuses: encodeItemStatuses(result.all ?? []),
          };
    if (userGenerator) record.summary = userGenerator(result);
    return JSON.stringify(record);
  };
}

function parseObject(payload: string | undefined): Record<string, unknown> | undefined {
  if (typeof payload !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(payload);
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The completion reason a stored batch payload recorded (only a known reason is trusted). */
export function recordedCompletionReason(payload: string | undefined): CompletionReason | undefined {
  const reason = parseObject(payload)?.completionReason;
  return typeof reason === 'string' && COMPLETION_REASONS.has(reason) ? (reason as CompletionReason) : undefined;
}

/**
 * The item markers a stored batch payload recorded: from a summary's `itemStatuses`, or from
 * the items of a full BatchResult payload. Undefined when neither is there (replay then probes).
 */
export function recordedItemStatuses(payload: string | undefined): string | undefined {
  const record = parseObject(payload);
  if (!record) return undefined;
  if (Object.hasOwn(record, 'itemStatuses')) {
    const markers = record.itemStatuses;
    return typeof markers === 'string' && /^[SF-]+$/.test(markers) ? markers : undefined;
  }
  if (Object.hasOwn(record, 'all') && Array.isArray(record.all)) {
    const items = (record.all as unknown[]).filter((entry): entry is { index: unknown; status?: unknown } => !!entry && typeof entry === 'object');
    return encodeItemStatuses(items) || undefined;
  }
  return undefined;
}
