/**
 * One item of a map/parallel batch: how it runs (a child context of the batch context) and how
 * its failure is reported.
 */
import type { ConcurrencyConfig, ConcurrentExecutionItem, ConcurrentExecutor } from '../batch-types.js';
import { NestingType } from '../batch-types.js';
import { afterTurns } from '../engine/durable-promise.js';
import type { DurableContextImpl } from '../context/durable-context.js';
import type { DurablePromise } from '../engine/durable-promise.js';
import { ChildContextError } from '../errors.js';
import type { DurableLogger } from '../logger/types.js';
import type { DurableContext } from '../types.js';
import { runChildContext } from './child-context.js';

/** One map/parallel call, in the executor's terms. */
export interface BatchCall<TItem, TResult, L extends DurableLogger> {
  /** `'map'` or `'parallel'` (for error messages). */
  apiName: string;
  name: string | undefined;
  items: ConcurrentExecutionItem<TItem>[];
  executor: ConcurrentExecutor<TItem, TResult, L>;
  config: ConcurrencyConfig<TResult>;
}

/** Starts item `item` as a child context of the batch context. */
export function runBatchItem<TItem, TResult, L extends DurableLogger>(
  batchContext: DurableContextImpl<L>,
  item: ConcurrentExecutionItem<TItem>,
  call: BatchCall<TItem, TResult, L>,
): DurablePromise<TResult> {
  return runChildContext<TResult, L>(batchContext, {
    name: item.name || item.id,
    fn: (child: DurableContext<L>) => call.executor(item, child),
    config: {
      subType: call.config.iterationSubType,
      serdes: call.config.itemSerdes,
      virtualContext: call.config.nesting === NestingType.FLAT,
    },
  });
}

/** Item failures surface as ChildContextError. */
export function asChildContextError(error: unknown): ChildContextError {
  if (error instanceof ChildContextError) return error;
  return new ChildContextError(error instanceof Error ? error.message : String(error), error instanceof Error ? error : undefined);
}

/**
 * Extra microtask turns before an item's outcome reaches the scheduler: the official SDK's
 * promise layers take exactly that long, and the order of updates within a checkpoint request
 * (the next item's START vs its siblings' SUCCEEDs) depends on it. Live and replayed items need
 * the same number: the live context path has its onOperationEnd hook turn, our replay path of a
 * context one turn of its own. Measured with a microtask clock against the official SDK.
 */
const ITEM_SETTLE_TURNS = 3;
const REPLAYED_ITEM_SETTLE_TURNS = 3;


/** Runs item `item` and settles with its outcome on the official SDK's microtask turn. */
export function settleBatchItem<TItem, TResult, L extends DurableLogger>(
  batchContext: DurableContextImpl<L>,
  item: ConcurrentExecutionItem<TItem>,
  call: BatchCall<TItem, TResult, L>,
): Promise<TResult> {
  const status = batchContext.invocation.state.getByRawId(batchContext.peekOperationId())?.Status;
  const replayed = status === 'SUCCEEDED' || status === 'FAILED';
  return afterTurns(runBatchItem(batchContext, item, call), replayed ? REPLAYED_ITEM_SETTLE_TURNS : ITEM_SETTLE_TURNS);
}
