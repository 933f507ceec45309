/**
 * `context.map` (§5.7.8, §4.3): one `Map` CONTEXT, item *i* a `MapIteration` child context
 * with id `<map>-(i+1)` named by `itemNamer` or `map-item-<i>`.
 */
import type { BatchResult, ConcurrentExecutionItem, MapConfig, MapFunc } from '../batch-types.js';
import type { DurableContextImpl } from '../context/durable-context.js';
import type { DurablePromise } from '../engine/durable-promise.js';
import { twoPhase } from '../engine/durable-promise.js';
import type { DurableLogger } from '../logger/types.js';
import { OperationSubType } from '../protocol.js';
import { runBatch } from './batch.js';
import { batchSummaryGenerator } from './batch-summary.js';

/** Arguments of one `map` call. */
export interface MapCall<TInput, TOutput, L extends DurableLogger> {
  name: string | undefined;
  items: TInput[];
  fn: MapFunc<TInput, TOutput, L>;
  config: MapConfig<TInput, TOutput> | undefined;
}

/** Entry point used by the context. Bad arguments reject the returned promise. */
export function mapOperation<TInput, TOutput, L extends DurableLogger>(
  ctx: DurableContextImpl<L>,
  call: MapCall<TInput, TOutput, L>,
): DurablePromise<BatchResult<TOutput>> {
  const { items, fn, config } = call;
  let executionItems: ConcurrentExecutionItem<TInput>[] | undefined;
  const buildItems = (): ConcurrentExecutionItem<TInput>[] =>
    items.map((data, index) => ({
      id: `map-item-${index}`,
      data,
      index,
      name: config?.itemNamer ? config.itemNamer(data, index) : undefined,
    }));
  try {
    if (!Array.isArray(items)) throw new Error('Map operation requires an array of items');
    if (typeof fn !== 'function') throw new Error('Map operation requires a function to process items');
    // The user's itemNamer runs at call time, as in the official SDK; without one the item list
    // is built only if the batch runs (a replay answered by the map's record never needs it).
    if (config?.itemNamer) executionItems = buildItems();
  } catch (error) {
    return twoPhase<BatchResult<TOutput>>(Promise.reject(error));
  }
  return runBatch<TInput, TOutput, L>(ctx, {
    apiName: 'map',
    name: call.name,
    get items() {
      executionItems ??= buildItems();
      return executionItems;
    },
    // An async wrapper, like the official SDK's: the item's result reaches the engine on the same microtask turn.
    executor: async (item, child) => fn(child, item.data, item.index, items),
    config: {
      maxConcurrency: config?.maxConcurrency,
      topLevelSubType: OperationSubType.MAP,
      iterationSubType: OperationSubType.MAP_ITERATION,
      summaryGenerator: batchSummaryGenerator('map', config?.summaryGenerator),
      completionConfig: config?.completionConfig,
      serdes: config?.serdes,
      itemSerdes: config?.itemSerdes,
      nesting: config?.nesting,
    },
  });
}
