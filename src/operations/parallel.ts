/**
 * `context.parallel` (§5.7.8, §4.3): one `Parallel` CONTEXT, branch *i* a `ParallelBranch`
 * child context with id `<parallel>-(i+1)` named by the branch's `name` or `parallel-branch-<i>`.
 */
import type { BatchResult, ConcurrentExecutionItem, NamedParallelBranch, ParallelConfig, ParallelFunc } from '../batch-types.js';
import type { DurableContextImpl } from '../context/durable-context.js';
import type { DurablePromise } from '../engine/durable-promise.js';
import { twoPhase } from '../engine/durable-promise.js';
import type { DurableLogger } from '../logger/types.js';
import { OperationSubType } from '../protocol.js';
import { runBatch } from './batch.js';
import { batchSummaryGenerator } from './batch-summary.js';

/** A branch as given: a function or `{name?, func}`. */
export type ParallelBranch<TOutput, L extends DurableLogger> = ParallelFunc<TOutput, L> | NamedParallelBranch<TOutput, L>;

/** Arguments of one `parallel` call. */
export interface ParallelCall<TOutput, L extends DurableLogger> {
  name: string | undefined;
  branches: ParallelBranch<TOutput, L>[];
  config: ParallelConfig<TOutput> | undefined;
}

function isBranch(branch: unknown): boolean {
  if (typeof branch === 'function') return true;
  return typeof branch === 'object' && branch !== null && typeof (branch as { func?: unknown }).func === 'function';
}

function toItem<TOutput, L extends DurableLogger>(
  branch: ParallelBranch<TOutput, L>,
  index: number,
): ConcurrentExecutionItem<ParallelFunc<TOutput, L>> {
  const named = typeof branch === 'object';
  return { id: `parallel-branch-${index}`, data: named ? branch.func : branch, index, name: named ? branch.name : undefined };
}

/** Entry point used by the context. Bad arguments reject the returned promise. */
export function parallelOperation<TOutput, L extends DurableLogger>(
  ctx: DurableContextImpl<L>,
  call: ParallelCall<TOutput, L>,
): DurablePromise<BatchResult<TOutput>> {
  const { branches, config } = call;
  if (!Array.isArray(branches)) {
    return twoPhase<BatchResult<TOutput>>(Promise.reject(new Error('Parallel operation requires an array of branch functions')));
  }
  if (!branches.every(isBranch)) {
    return twoPhase<BatchResult<TOutput>>(Promise.reject(new Error('All branches must be functions or NamedParallelBranch objects')));
  }
  return runBatch<ParallelFunc<TOutput, L>, TOutput, L>(ctx, {
    name: call.name,
    items: branches.map((branch, index) => toItem(branch, index)),
    // Awaited inside an async wrapper, like the official SDK: results reach the engine on the same microtask turn.
    executor: async (item, child) => {
      const result = await item.data(child);
      return result;
    },
    config: {
      maxConcurrency: config?.maxConcurrency,
      topLevelSubType: OperationSubType.PARALLEL,
      iterationSubType: OperationSubType.PARALLEL_BRANCH,
      summaryGenerator: batchSummaryGenerator('parallel', config?.summaryGenerator),
      completionConfig: config?.completionConfig,
      serdes: config?.serdes,
      itemSerdes: config?.itemSerdes,
      nesting: config?.nesting,
    },
  });
}
