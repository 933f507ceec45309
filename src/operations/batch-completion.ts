/**
 * When a map/parallel batch stops (§5.7.8): fail-fast by default, thresholds
 * (`minSuccessful`, `toleratedFailureCount`, `toleratedFailurePercentage`) or a custom
 * `shouldComplete`; and the validation of the batch options, which ends the execution with
 * CONFIG_VALIDATION_ERROR (a configuration error is not worth an invocation retry).
 */
import type { CompletionConfig, CompletionItemStatus, CompletionStatus } from '../batch-types.js';
import { CompletionOutcome } from '../batch-types.js';
import type { SuspensionTracker } from '../engine/suspension.js';
import type { CompletionReason } from '../errors.js';

/** Counts of a batch in progress. */
export interface BatchProgress {
  successCount: number;
  failureCount: number;
  completedCount: number;
  totalCount: number;
  /** Per-item view for a custom rule (built only when one is configured). */
  items: () => readonly CompletionItemStatus[];
}

/** The completion rules of one batch. */
export interface CompletionRules {
  /** May more items be started? */
  shouldContinue(progress: BatchProgress): boolean;
  /** Is the batch done (every item finished, or the success rule met)? */
  isComplete(progress: BatchProgress): boolean;
  /** Why the batch finished. */
  reason(progress: BatchProgress): CompletionReason;
}

function status(progress: BatchProgress): CompletionStatus {
  const { successCount, failureCount, completedCount, totalCount } = progress;
  return { successCount, failureCount, completedCount, totalCount, items: progress.items() };
}

/** No criterion set at all (including `{}` or all-undefined fields) means fail-fast. */
function hasCriteria(config: CompletionConfig | undefined): config is CompletionConfig {
  return config !== undefined && Object.values(config).some((value) => value !== undefined);
}

function toleranceExceeded(config: CompletionConfig | undefined, progress: BatchProgress): boolean {
  if (!hasCriteria(config)) return progress.failureCount > 0;
  if (config.toleratedFailureCount !== undefined && progress.failureCount > config.toleratedFailureCount) return true;
  if (config.toleratedFailurePercentage !== undefined) {
    return (progress.failureCount / progress.totalCount) * 100 > config.toleratedFailurePercentage;
  }
  return false;
}

/**
 * The rules for `config`. A custom `shouldComplete` owns every decision; it is asked again at
 * each decision point, as in the official SDK.
 */
export function completionRules(config: CompletionConfig | undefined): CompletionRules {
  const custom = config?.shouldComplete;
  if (custom) {
    return {
      shouldContinue: (progress) => !custom(status(progress)).complete,
      isComplete: (progress) => progress.completedCount === progress.totalCount || custom(status(progress)).complete,
      reason: (progress) => {
        const decision = custom(status(progress));
        if (!decision.complete) return 'ALL_COMPLETED';
        return decision.outcome === CompletionOutcome.FAILED ? 'CUSTOM_COMPLETION_FAILED' : 'CUSTOM_COMPLETION_SUCCEEDED';
      },
    };
  }
  const minSuccessful = config?.minSuccessful;
  return {
    shouldContinue: (progress) => !toleranceExceeded(config, progress),
    isComplete: (progress) =>
      progress.completedCount === progress.totalCount || (minSuccessful !== undefined && progress.successCount >= minSuccessful),
    reason: (progress) => {
      if (toleranceExceeded(config, progress)) return 'FAILURE_TOLERANCE_EXCEEDED';
      if (progress.completedCount === progress.totalCount) return 'ALL_COMPLETED';
      if (minSuccessful !== undefined && progress.successCount >= minSuccessful) return 'MIN_SUCCESSFUL_REACHED';
      return 'ALL_COMPLETED';
    },
  };
}

function configError(tracker: SuspensionTracker, message: string): false {
  tracker.terminate({ kind: 'fail', reason: 'CONFIG_VALIDATION_ERROR', error: new Error(message) });
  return false;
}

/**
 * Checks `maxConcurrency` (> 0 or unset) and that `shouldComplete` is not combined with
 * thresholds. On a violation the execution ends FAILED and `false` is returned.
 */
export function validateBatchConfig(
  tracker: SuspensionTracker,
  config: { maxConcurrency?: number; completionConfig?: CompletionConfig } | undefined,
): boolean {
  const maxConcurrency = config?.maxConcurrency;
  if (maxConcurrency !== undefined && maxConcurrency !== null && maxConcurrency <= 0) {
    return configError(
      tracker,
      `Invalid maxConcurrency: ${maxConcurrency}. Must be a positive number or undefined for unlimited concurrency.`,
    );
  }
  const completion = config?.completionConfig;
  if (
    completion?.shouldComplete !== undefined &&
    (completion.minSuccessful !== undefined ||
      completion.toleratedFailureCount !== undefined ||
      completion.toleratedFailurePercentage !== undefined)
  ) {
    return configError(
      tracker,
      'completionConfig.shouldComplete is mutually exclusive with minSuccessful, toleratedFailureCount, and toleratedFailurePercentage',
    );
  }
  return true;
}
