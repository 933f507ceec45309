/**
 * `BatchResult` of map/parallel (§5.7.8) and its checkpoint form: items keep their index and
 * status, errors are written with their `Cause` chain and rebuilt to their classes on replay,
 * so a replayed batch looks like the one the first run returned.
 */
import type { BatchItem, BatchResult } from '../batch-types.js';
import { BatchItemStatus } from '../batch-types.js';
import type { ChildContextError, CompletionReason } from '../errors.js';
import { BatchCompletionError, DurableOperationError, errorFromErrorObject } from '../errors.js';
import type { ErrorObject } from '../protocol.js';
import { anchorShape } from '../engine/shape-anchors.js';
import type { Serdes } from '../serdes/serdes.js';

/** An item error in the checkpoint: an ErrorObject plus the error's cause, recursively. */
export interface SerializedBatchError extends ErrorObject {
  Cause?: SerializedBatchError;
}

/** Error types rebuilt as their durable class; any other type becomes a plain named `Error`. */
const DURABLE_ERROR_TYPES = new Set([
  'StepError',
  'CallbackError',
  'CallbackExternalError',
  'CallbackTimeoutError',
  'CallbackSubmitterError',
  'InvokeError',
  'ChildContextError',
  'PromiseCombinatorError',
  'WaitForConditionError',
]);

/** The BatchResult implementation; counts are computed once (`all` is never mutated). */
export class BatchResultImpl<T> implements BatchResult<T> {
  readonly #successCount: number;
  readonly #failureCount: number;
  readonly #startedCount: number;

  constructor(
    readonly all: Array<BatchItem<T>>,
    readonly completionReason: CompletionReason,
  ) {
    let succeeded = 0;
    let failed = 0;
    let started = 0;
    for (const item of all) {
      if (item.status === BatchItemStatus.SUCCEEDED) succeeded += 1;
      else if (item.status === BatchItemStatus.FAILED) failed += 1;
      else if (item.status === BatchItemStatus.STARTED) started += 1;
    }
    this.#successCount = succeeded;
    this.#failureCount = failed;
    this.#startedCount = started;
  }

  /** Succeeded items with a defined result. */
  succeeded(): Array<BatchItem<T> & { result: T }> {
    return this.all.filter((item) => item.status === BatchItemStatus.SUCCEEDED && item.result !== undefined) as Array<
      BatchItem<T> & { result: T }
    >;
  }

  failed(): Array<BatchItem<T> & { error: ChildContextError }> {
    return this.all.filter((item) => item.status === BatchItemStatus.FAILED && item.error !== undefined) as Array<
      BatchItem<T> & { error: ChildContextError }
    >;
  }

  started(): Array<BatchItem<T> & { status: BatchItemStatus.STARTED }> {
    return this.all.filter((item) => item.status === BatchItemStatus.STARTED) as Array<BatchItem<T> & { status: BatchItemStatus.STARTED }>;
  }

  /** A custom completion decision overrides the item outcomes. */
  get status(): BatchItemStatus.SUCCEEDED | BatchItemStatus.FAILED {
    if (this.completionReason === 'CUSTOM_COMPLETION_FAILED') return BatchItemStatus.FAILED;
    if (this.completionReason === 'CUSTOM_COMPLETION_SUCCEEDED') return BatchItemStatus.SUCCEEDED;
    return this.hasFailure ? BatchItemStatus.FAILED : BatchItemStatus.SUCCEEDED;
  }

  get hasFailure(): boolean {
    return this.#failureCount > 0;
  }

  /** Throws the first item error, or a BatchCompletionError when a custom rule judged the batch failed. */
  throwIfError(): void {
    const first = this.all.find((item) => item.status === BatchItemStatus.FAILED)?.error;
    if (first) throw first;
    if (this.status === BatchItemStatus.FAILED) throw new BatchCompletionError(this.completionReason);
  }

  getResults(): T[] {
    const results: T[] = [];
    for (const item of this.all) {
      if (item.status === BatchItemStatus.SUCCEEDED && item.result !== undefined) results.push(item.result);
    }
    return results;
  }

  getErrors(): ChildContextError[] {
    return this.failed().map((item) => item.error);
  }

  get successCount(): number {
    return this.#successCount;
  }

  get failureCount(): number {
    return this.#failureCount;
  }

  get startedCount(): number {
    return this.#startedCount;
  }

  get totalCount(): number {
    return this.all.length;
  }
}

// See engine/shape-anchors.ts: a replayed map or parallel builds one and drops it.
anchorShape(new BatchResultImpl<unknown>([], 'ALL_COMPLETED'));

/** Writes an error and its cause chain. */
export function serializeBatchError(error: Error): SerializedBatchError {
  const serialized: SerializedBatchError =
    error instanceof DurableOperationError ? error.toErrorObject() : { ErrorType: error.name, ErrorMessage: error.message };
  if (error.cause instanceof Error) serialized.Cause = serializeBatchError(error.cause);
  return serialized;
}

/** Rebuilds an error and its cause chain from {@link serializeBatchError}'s form. */
export function reconstructBatchError(errorObject: SerializedBatchError): Error {
  let error: Error;
  if (errorObject.ErrorType !== undefined && DURABLE_ERROR_TYPES.has(errorObject.ErrorType)) {
    error = errorFromErrorObject(errorObject);
  } else {
    error = new Error(errorObject.ErrorMessage);
    error.name = errorObject.ErrorType || 'Error';
    error.stack = errorObject.StackTrace?.join('\n');
  }
  if (errorObject.Cause) error.cause = reconstructBatchError(errorObject.Cause);
  return error;
}

interface SerializedBatchItem {
  result?: unknown;
  error?: SerializedBatchError;
  index: number;
  status: BatchItemStatus;
}

function isBatchLike(data: unknown): data is { all: SerializedBatchItem[]; completionReason: CompletionReason } {
  return typeof data === 'object' && data !== null && 'all' in data && Array.isArray((data).all);
}

/**
 * A BatchResult with its methods from plain data (a user serdes may return plain objects);
 * anything that is not batch-shaped becomes an empty ALL_COMPLETED result.
 */
export function restoreBatchResult<T>(data: unknown): BatchResultImpl<T> {
  if (data instanceof BatchResultImpl) return data as BatchResultImpl<T>;
  if (!isBatchLike(data)) return new BatchResultImpl<T>([], 'ALL_COMPLETED');
  // Literal objects, not spreads: spreading parsed JSON objects costs microseconds per item.
  const items = data.all.map((item) => ({
    result: item.result as T,
    index: item.index,
    status: item.status,
    error: item.error ? (reconstructBatchError(item.error) as ChildContextError) : undefined,
  }));
  return new BatchResultImpl<T>(items, data.completionReason);
}

/** True when `value` looks like a (possibly plain-data) BatchResult. */
export function isBatchResultLike(value: unknown): boolean {
  return isBatchLike(value);
}

/** An item as stored: its own keys in their order (as the official SDK writes them), errors serialised. */
function storedItem<T>(item: BatchItem<T>): object {
  if (item.error !== undefined || 'error' in item) {
    return { ...item, error: item.error instanceof Error ? serializeBatchError(item.error) : undefined };
  }
  // Items built by the executor: {result, index, status} or {index, status}.
  return 'result' in item ? { result: item.result, index: item.index, status: item.status } : { index: item.index, status: item.status };
}

/**
 * The default serdes of the Map/Parallel CONTEXT: JSON of `{all, completionReason}`.
 *
 * @example
 * ```ts
 * const text = await createBatchResultSerdes<number>().serialize(result, serdesContext);
 * ```
 */
export function createBatchResultSerdes<T>(): Serdes<BatchResult<T>> {
  return {
    serialize: async (value) => {
      if (!value) return undefined;
      const all = value.all.map(storedItem);
      return JSON.stringify({ all, completionReason: value.completionReason });
    },
    deserialize: async (data) => (data ? restoreBatchResult<T>(JSON.parse(data)) : undefined),
  };
}
