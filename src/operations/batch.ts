/**
 * The concurrent executor behind `map` and `parallel` (§5.7.8): one top-level CONTEXT
 * (`Map`/`Parallel`) whose function starts the items as child contexts (`MapIteration` /
 * `ParallelBranch`, or virtual ones for FLAT nesting) in index order, at most `maxConcurrency`
 * at a time, until the completion rules say stop. Items still running then stay STARTED; the
 * finished-ancestor gate drops their later checkpoints.
 */
import type { BatchItem, BatchResult, ConcurrentExecutionItem } from '../batch-types.js';
import { BatchItemStatus } from '../batch-types.js';
import type { DurableContextImpl } from '../context/durable-context.js';
import { parkedPromise } from '../engine/parked-promise.js';
import type { DurablePromise } from '../engine/durable-promise.js';
import { twoPhase } from '../engine/durable-promise.js';
import { activeScope } from '../engine/context-tracker.js';
import { DurableExecutionMode } from '../engine/modes.js';
import type { DurableLogger } from '../logger/types.js';
import type { BatchProgress } from './batch-completion.js';
import type { BatchCall } from './batch-item.js';
import { afterTurns } from '../engine/durable-promise.js';
import { asChildContextError, settleBatchItem } from './batch-item.js';
import { completionRules, validateBatchConfig } from './batch-completion.js';
import { replayBatch } from './batch-replay.js';
import { BatchResultImpl, createBatchResultSerdes, isBatchResultLike, restoreBatchResult } from './batch-result.js';
import { runChildContext } from './child-context.js';

/**
 * Extra microtask turns before the batch result reaches the caller (see batch-item.ts); one
 * less when the batch ran live, whose context path already has its onOperationEnd turn.
 */
const RESULT_TURNS = 9;

/** Runs a batch; the promise resolves to its BatchResult (item failures do not reject it). */
export function runBatch<TItem, TResult, L extends DurableLogger>(
  ctx: DurableContextImpl<L>,
  call: BatchCall<TItem, TResult, L>,
): DurablePromise<BatchResult<TResult>> {
  // Context misuse is reported first, as in the official SDK (runChildContext's check ends the execution).
  const scope = activeScope();
  const misused = scope !== undefined && scope.contextId !== ctx.contextId;
  if (!misused && !validateBatchConfig(ctx.invocation.tracker, call.config)) return parkedPromise(ctx.invocation);
  const replayed = ['SUCCEEDED', 'FAILED'].includes(String(ctx.invocation.state.getByRawId(ctx.peekOperationId())?.Status));
  const batch = runChildContext<BatchResult<TResult>, L>(ctx, {
    apiName: call.apiName,
    name: call.name,
    fn: async (child) => await executeBatch(child as DurableContextImpl<L>, call),
    config: {
      subType: call.config.topLevelSubType,
      summaryGenerator: call.config.summaryGenerator,
      serdes: call.config.serdes ?? createBatchResultSerdes<TResult>(),
    },
  });
  // A user serdes may hand back plain data: give it the BatchResult methods again.
  const restored = batch.then((result) => (isBatchResultLike(result) ? restoreBatchResult<TResult>(result) : result));
  return twoPhase(afterTurns(restored, replayed ? RESULT_TURNS : RESULT_TURNS - 1));
}

// The async layers here and in runBatch's `fn` match the official SDK's, so the batch result
// reaches the Map/Parallel context on the same microtask turn.
async function executeBatch<TItem, TResult, L extends DurableLogger>(
  batchContext: DurableContextImpl<L>,
  call: BatchCall<TItem, TResult, L>,
): Promise<BatchResult<TResult>> {
  // A succeeded batch marked ReplayChildren (over 256 KiB) is rebuilt from its items' records.
  if (batchContext.mode === DurableExecutionMode.ReplaySucceededContext) return await replayBatch(batchContext, call);
  return await afterTurns(executeConcurrently(batchContext, call), 1);
}

// async on purpose: one more promise layer, as in the official SDK (microtask parity, above).
async function executeConcurrently<TItem, TResult, L extends DurableLogger>(
  batchContext: DurableContextImpl<L>,
  call: BatchCall<TItem, TResult, L>,
): Promise<BatchResult<TResult>> {
  const { items } = call;
  const maxConcurrency = call.config.maxConcurrency || Number.POSITIVE_INFINITY;
  const rules = completionRules(call.config.completionConfig);
  const results: Array<BatchItem<TResult> | undefined> = new Array<BatchItem<TResult> | undefined>(items.length);
  const progress: BatchProgress = {
    successCount: 0,
    failureCount: 0,
    completedCount: 0,
    totalCount: items.length,
    items: () => items.map((item) => ({ index: item.index, name: item.name, status: results[item.index]?.status })),
  };
  let active = 0;
  let nextIndex = 0;
  const itemRawIds: string[] = [];

  return new Promise((resolve, reject) => {
    const finish = (): void => {
      cancelUnfinished(batchContext, call, itemRawIds, results);
      const all = results.filter((entry): entry is BatchItem<TResult> => entry !== undefined).map((entry) => ({ ...entry }));
      resolve(new BatchResultImpl(all, rules.reason(progress)));
    };
    const settled = (): void => {
      active -= 1;
      progress.completedCount += 1;
      try {
        if (rules.isComplete(progress) || !rules.shouldContinue(progress)) finish();
        else startMore();
      } catch (error) {
        // A throwing shouldComplete (or itemSerdes) fails the batch instead of escaping as an unhandled rejection.
        cancelUnfinished(batchContext, call, itemRawIds, results);
        reject(error);
      }
    };
    const startMore = (): void => {
      while (active < maxConcurrency && nextIndex < items.length && rules.shouldContinue(progress)) {
        const index = nextIndex;
        nextIndex += 1;
        const item = items[index] as ConcurrentExecutionItem<TItem>;
        active += 1;
        results[index] = { index, status: BatchItemStatus.STARTED };
        itemRawIds[index] = batchContext.peekOperationId();
        settleBatchItem(batchContext, item, call).then(
          (result) => {
            results[index] = { result, index, status: BatchItemStatus.SUCCEEDED };
            progress.successCount += 1;
            settled();
          },
          (error: unknown) => {
            results[index] = { error: asChildContextError(error), index, status: BatchItemStatus.FAILED };
            progress.failureCount += 1;
            settled();
          },
        );
      }
    };
    if (items.length === 0) {
      resolve(new BatchResultImpl<TResult>([], rules.reason(progress)));
      return;
    }
    startMore();
    // A custom rule may complete the batch before any item started: nothing would settle.
    if (active === 0 && progress.completedCount === 0) resolve(new BatchResultImpl<TResult>([], rules.reason(progress)));
  });
}

/**
 * The batch completed while some items still run: once the current turn's work is done (the
 * batch context is finished by then, and the items are marked finished too, so nothing they do
 * is checkpointed and the history stays the official SDK's), their steps' signals are aborted
 * so their code can stop. Nothing is scheduled when every item finished.
 */
function cancelUnfinished<TItem, TResult, L extends DurableLogger>(
  batchContext: DurableContextImpl<L>,
  call: BatchCall<TItem, TResult, L>,
  itemRawIds: readonly string[],
  results: ReadonlyArray<BatchItem<TResult> | undefined>,
): void {
  const unfinished = itemRawIds.filter((rawId, index) => rawId !== undefined && results[index]?.status === BatchItemStatus.STARTED);
  if (unfinished.length === 0) return;
  const { invocation } = batchContext;
  const label = call.name === undefined ? call.apiName : `${call.apiName} "${call.name}"`;
  setImmediate(() => {
    const reason = new DOMException(`${label} completed before this item finished; its result is not needed.`, 'AbortError');
    for (const rawId of unfinished) {
      invocation.tracker.markContextFinished(rawId);
      invocation.attempts.cancelUnder(rawId, reason);
    }
  });
}
