/**
 * Types of `context.map` / `context.parallel` (same names and shapes as the official SDK 2.4).
 * The operations themselves are added by the map/parallel work (issue 4).
 */
import type { ChildContextError, CompletionReason } from './errors.js';
import type { DurableLogger } from './logger/types.js';
import type { Serdes } from './serdes/serdes.js';
import type { DurableContext } from './types.js';

/** How map items / parallel branches are recorded: own CONTEXT each (NESTED) or none (FLAT). */
export enum NestingType {
  NESTED = 'NESTED',
  FLAT = 'FLAT',
}

/** Status of one map item / parallel branch. */
export enum BatchItemStatus {
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
  STARTED = 'STARTED',
}

/** One item of a {@link BatchResult}. */
export interface BatchItem<TResult> {
  result?: TResult;
  error?: ChildContextError;
  index: number;
  status: BatchItemStatus;
}

/** Result of `map` / `parallel`. */
export interface BatchResult<TResult> {
  all: Array<BatchItem<TResult>>;
  succeeded(): Array<BatchItem<TResult> & { result: TResult }>;
  failed(): Array<BatchItem<TResult> & { error: ChildContextError }>;
  started(): Array<BatchItem<TResult> & { status: BatchItemStatus.STARTED }>;
  status: BatchItemStatus.SUCCEEDED | BatchItemStatus.FAILED;
  completionReason: CompletionReason;
  hasFailure: boolean;
  throwIfError(): void;
  getResults(): Array<TResult>;
  getErrors(): Array<ChildContextError>;
  successCount: number;
  failureCount: number;
  startedCount: number;
  totalCount: number;
}

/** Outcome of a custom completion decision. */
export enum CompletionOutcome {
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
}

/** What a custom `shouldComplete` returns. */
export type CompletionDecision = { complete: false } | { complete: true; outcome?: CompletionOutcome };

/**
 * Custom completion decision: keep going.
 *
 * @example
 * ```ts
 * completionConfig: { shouldComplete: (s) => (s.successCount >= 2 ? completeBatch() : continueBatch()) }
 * ```
 */
export const continueBatch = (): CompletionDecision => ({ complete: false });

/**
 * Custom completion decision: stop now, with `outcome` (default SUCCEEDED).
 *
 * @example
 * ```ts
 * completionConfig: { shouldComplete: (s) => (s.failureCount > 0 ? completeBatch(CompletionOutcome.FAILED) : continueBatch()) }
 * ```
 */
export const completeBatch = (outcome: CompletionOutcome = CompletionOutcome.SUCCEEDED): CompletionDecision => ({
  complete: true,
  outcome,
});

/** Threshold-based completion. */
export interface ThresholdCompletionConfig {
  minSuccessful?: number;
  toleratedFailureCount?: number;
  toleratedFailurePercentage?: number;
  shouldComplete?: never;
}

/** Per-item status seen by a custom completion policy. */
export interface CompletionItemStatus {
  index: number;
  name?: string;
  status?: BatchItemStatus;
}

/** Progress of a batch seen by a custom completion policy. */
export interface CompletionStatus {
  successCount: number;
  failureCount: number;
  completedCount: number;
  totalCount: number;
  items: readonly CompletionItemStatus[];
}

/** Custom completion policy. */
export interface CustomCompletionConfig {
  shouldComplete: (status: CompletionStatus) => CompletionDecision;
  minSuccessful?: never;
  toleratedFailureCount?: never;
  toleratedFailurePercentage?: never;
}

/** When a batch completes. */
export type CompletionConfig = ThresholdCompletionConfig | CustomCompletionConfig;

/** Function run for each map item. */
export type MapFunc<TInput, TOutput, Logger extends DurableLogger = DurableLogger> = (
  context: DurableContext<Logger>,
  item: TInput,
  index: number,
  array: TInput[],
) => Promise<TOutput>;

/** Options of `context.map`. */
export interface MapConfig<TItem, TResult> {
  maxConcurrency?: number;
  itemNamer?: (item: TItem, index: number) => string;
  serdes?: Serdes<BatchResult<TResult>>;
  itemSerdes?: Serdes<TResult>;
  completionConfig?: CompletionConfig;
  summaryGenerator?: (result: BatchResult<TResult>) => string;
  nesting?: NestingType;
}

/** One parallel branch. */
export type ParallelFunc<TResult, Logger extends DurableLogger = DurableLogger> = (
  context: DurableContext<Logger>,
) => Promise<TResult>;

/** A parallel branch with a name. */
export interface NamedParallelBranch<TResult, Logger extends DurableLogger = DurableLogger> {
  name?: string;
  func: ParallelFunc<TResult, Logger>;
}

/**
 * Result type of a `parallel` call on a tuple (or any array) of branches: the union of what the
 * branches return, as the official SDK 2.4 infers it (`[async () => 1, async () => 'one']` gives
 * `number | string`).
 */
export type ParallelBranchesResult<Branches extends readonly unknown[], Logger extends DurableLogger = DurableLogger> =
  Branches[number] extends ParallelFunc<infer ReturnType, Logger>
    ? ReturnType
    : Branches[number] extends NamedParallelBranch<infer ReturnType, Logger>
      ? ReturnType
      : never;

/** Options of `context.parallel`. */
export interface ParallelConfig<TResult> {
  maxConcurrency?: number;
  serdes?: Serdes<BatchResult<TResult>>;
  itemSerdes?: Serdes<TResult>;
  completionConfig?: CompletionConfig;
  summaryGenerator?: (result: BatchResult<TResult>) => string;
  nesting?: NestingType;
}

/** One unit of work of the concurrent executor behind map and parallel. */
export interface ConcurrentExecutionItem<T> {
  id: string;
  data: T;
  index: number;
  name?: string;
}

/** Runs one {@link ConcurrentExecutionItem} in its child context. */
export type ConcurrentExecutor<TItem, TResult, Logger extends DurableLogger = DurableLogger> = (
  item: ConcurrentExecutionItem<TItem>,
  childContext: DurableContext<Logger>,
) => Promise<TResult>;

/** Options of the concurrent executor. */
export interface ConcurrencyConfig<TResult> {
  maxConcurrency?: number;
  topLevelSubType?: string;
  iterationSubType?: string;
  summaryGenerator?: (result: BatchResult<TResult>) => string;
  serdes?: Serdes<BatchResult<TResult>>;
  itemSerdes?: Serdes<TResult>;
  completionConfig?: CompletionConfig;
  nesting?: NestingType;
}
