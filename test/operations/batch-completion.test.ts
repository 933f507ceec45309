import { describe, expect, it } from 'vitest';
import { completeBatch, CompletionOutcome, continueBatch } from '../../src/batch-types.js';
import type { CompletionConfig, CompletionStatus } from '../../src/batch-types.js';
import { SuspensionTracker } from '../../src/engine/suspension.js';
import type { BatchProgress } from '../../src/operations/batch-completion.js';
import { completionRules, validateBatchConfig } from '../../src/operations/batch-completion.js';

const progress = (successCount: number, failureCount: number, totalCount: number): BatchProgress => ({
  successCount,
  failureCount,
  completedCount: successCount + failureCount,
  totalCount,
  items: () => [],
});

/** [shouldContinue, isComplete, reason] at one point of a batch. */
const decide = (config: CompletionConfig | undefined, p: BatchProgress): [boolean, boolean, string] => {
  const rules = completionRules(config);
  return [rules.shouldContinue(p), rules.isComplete(p), rules.reason(p)];
};

describe('batch completion rules (§5.7.8)', () => {
  it('fail-fast without criteria: no config, {} and all-undefined fields behave alike', () => {
    for (const config of [undefined, {}, { minSuccessful: undefined, toleratedFailureCount: undefined }]) {
      expect(decide(config, progress(2, 0, 4))).toEqual([true, false, 'ALL_COMPLETED']);
      expect(decide(config, progress(2, 1, 4))).toEqual([false, false, 'FAILURE_TOLERANCE_EXCEEDED']);
      expect(decide(config, progress(4, 0, 4))).toEqual([true, true, 'ALL_COMPLETED']);
    }
  });

  it('toleratedFailureCount stops only when failures exceed the count', () => {
    const config = { toleratedFailureCount: 1 };
    expect(decide(config, progress(1, 1, 4))).toEqual([true, false, 'ALL_COMPLETED']);
    expect(decide(config, progress(1, 2, 4))).toEqual([false, false, 'FAILURE_TOLERANCE_EXCEEDED']);
    expect(decide(config, progress(3, 1, 4))).toEqual([true, true, 'ALL_COMPLETED']);
  });

  it('toleratedFailurePercentage compares failures / total × 100 strictly', () => {
    const config = { toleratedFailurePercentage: 25 };
    expect(decide(config, progress(0, 1, 4))).toEqual([true, false, 'ALL_COMPLETED']);
    expect(decide(config, progress(0, 2, 4))).toEqual([false, false, 'FAILURE_TOLERANCE_EXCEEDED']);
    // A tolerance exceeded at the last item still reports the tolerance, not ALL_COMPLETED.
    expect(decide(config, progress(2, 2, 4))).toEqual([false, true, 'FAILURE_TOLERANCE_EXCEEDED']);
  });

  it('minSuccessful completes early with MIN_SUCCESSFUL_REACHED; all done wins over it', () => {
    const config = { minSuccessful: 2 };
    expect(decide(config, progress(1, 0, 5))).toEqual([true, false, 'ALL_COMPLETED']);
    expect(decide(config, progress(2, 0, 5))).toEqual([true, true, 'MIN_SUCCESSFUL_REACHED']);
    expect(decide(config, progress(2, 0, 2))).toEqual([true, true, 'ALL_COMPLETED']);
    // minSuccessful alone tolerates failures (criteria are set, none about failures).
    expect(decide(config, progress(1, 3, 5))).toEqual([true, false, 'ALL_COMPLETED']);
  });

  it('a custom shouldComplete owns every decision and sees the per-item view', () => {
    const seen: CompletionStatus[] = [];
    const config = {
      shouldComplete: (s: CompletionStatus) => {
        seen.push(s);
        if (s.failureCount > 0) return completeBatch(CompletionOutcome.FAILED);
        return s.successCount >= 2 ? completeBatch() : continueBatch();
      },
    };
    expect(decide(config, progress(1, 0, 4))).toEqual([true, false, 'ALL_COMPLETED']);
    expect(decide(config, progress(2, 0, 4))).toEqual([false, true, 'CUSTOM_COMPLETION_SUCCEEDED']);
    expect(decide(config, progress(0, 1, 4))).toEqual([false, true, 'CUSTOM_COMPLETION_FAILED']);
    const withItems = { ...progress(1, 0, 2), items: () => [{ index: 0, name: 'a', status: undefined }] };
    completionRules(config).shouldContinue(withItems);
    expect(seen.at(-1)).toEqual({ successCount: 1, failureCount: 0, completedCount: 1, totalCount: 2, items: [{ index: 0, name: 'a', status: undefined }] });
  });

  it('a custom rule that never completes ends with ALL_COMPLETED once every item finished', () => {
    expect(decide({ shouldComplete: () => continueBatch() }, progress(3, 1, 4))).toEqual([true, true, 'ALL_COMPLETED']);
  });

  it('the helpers build the decisions', () => {
    expect(continueBatch()).toEqual({ complete: false });
    expect(completeBatch()).toEqual({ complete: true, outcome: 'SUCCEEDED' });
    expect(completeBatch(CompletionOutcome.FAILED)).toEqual({ complete: true, outcome: 'FAILED' });
  });
});

describe('batch option validation (§7.3)', () => {
  const tracker = (): SuspensionTracker => new SuspensionTracker({ isPipelineBusy: () => false });

  it.each([0, -1])('maxConcurrency %d ends the execution with CONFIG_VALIDATION_ERROR', (maxConcurrency) => {
    const t = tracker();
    expect(validateBatchConfig(t, { maxConcurrency })).toBe(false);
    expect(t.terminated).toMatchObject({ kind: 'fail', reason: 'CONFIG_VALIDATION_ERROR' });
    expect(String((t.terminated as { error: Error }).error.message)).toBe(
      `Invalid maxConcurrency: ${maxConcurrency}. Must be a positive number or undefined for unlimited concurrency.`,
    );
    t.dispose();
  });

  it('shouldComplete with a threshold ends the execution with CONFIG_VALIDATION_ERROR', () => {
    const t = tracker();
    const completionConfig = { shouldComplete: () => continueBatch(), minSuccessful: 1 } as unknown as CompletionConfig;
    expect(validateBatchConfig(t, { completionConfig })).toBe(false);
    expect(t.terminated).toMatchObject({ kind: 'fail', reason: 'CONFIG_VALIDATION_ERROR' });
    expect((t.terminated as { error: Error }).error.message).toMatch(/mutually exclusive/);
    t.dispose();
  });

  it('valid options pass and leave the invocation running', () => {
    const t = tracker();
    expect(validateBatchConfig(t, undefined)).toBe(true);
    expect(validateBatchConfig(t, { maxConcurrency: 1, completionConfig: { minSuccessful: 1, toleratedFailureCount: 0 } })).toBe(true);
    expect(validateBatchConfig(t, { completionConfig: { shouldComplete: () => continueBatch() } })).toBe(true);
    expect(t.terminated).toBeUndefined();
    t.dispose();
  });
});
