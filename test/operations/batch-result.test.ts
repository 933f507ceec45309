import { describe, expect, it } from 'vitest';
import { BatchItemStatus } from '../../src/batch-types.js';
import { BatchCompletionError, ChildContextError, StepError } from '../../src/errors.js';
import { BatchResultImpl, createBatchResultSerdes, reconstructBatchError, restoreBatchResult } from '../../src/operations/batch-result.js';
import { batchSummaryGenerator, encodeItemStatuses, recordedCompletionReason, recordedItemStatuses } from '../../src/operations/batch-summary.js';

const serdesContext = { entityId: '1', durableExecutionArn: 'arn' };
const itemError = (): ChildContextError => {
  const root = new TypeError('bad input');
  return new ChildContextError('bad input', new StepError('bad input', root));
};
const sample = (): BatchResultImpl<number | undefined> =>
  new BatchResultImpl<number | undefined>(
    [
      { result: 1, index: 0, status: BatchItemStatus.SUCCEEDED },
      { error: itemError(), index: 1, status: BatchItemStatus.FAILED },
      { result: undefined, index: 2, status: BatchItemStatus.SUCCEEDED },
      { index: 3, status: BatchItemStatus.STARTED },
    ],
    'FAILURE_TOLERANCE_EXCEEDED',
  );

describe('BatchResult', () => {
  it('offers the whole API of the official SDK', () => {
    const result = sample();
    expect(result.succeeded().map((i) => i.index)).toEqual([0]);
    expect(result.failed().map((i) => i.index)).toEqual([1]);
    expect(result.started().map((i) => i.index)).toEqual([3]);
    expect(result.getResults()).toEqual([1]);
    expect(result.getErrors().map((e) => e.message)).toEqual(['bad input']);
    expect([result.successCount, result.failureCount, result.startedCount, result.totalCount]).toEqual([2, 1, 1, 4]);
    expect(result.hasFailure).toBe(true);
    expect(result.status).toBe('FAILED');
    expect(() => result.throwIfError()).toThrow(ChildContextError);
  });

  it('custom completion reasons decide the status; a custom failure throws BatchCompletionError', () => {
    const ok = new BatchResultImpl([{ result: 1, index: 0, status: BatchItemStatus.SUCCEEDED }], 'CUSTOM_COMPLETION_FAILED');
    expect(ok.status).toBe('FAILED');
    expect(() => ok.throwIfError()).toThrow(BatchCompletionError);
    const failedButAccepted = new BatchResultImpl([{ error: itemError(), index: 0, status: BatchItemStatus.FAILED }], 'CUSTOM_COMPLETION_SUCCEEDED');
    expect(failedButAccepted.status).toBe('SUCCEEDED');
    const clean = new BatchResultImpl([], 'ALL_COMPLETED');
    expect(clean.status).toBe('SUCCEEDED');
    expect(() => clean.throwIfError()).not.toThrow();
  });

  it('the serdes writes {all, completionReason} with error Cause chains and rebuilds the classes', async () => {
    const serdes = createBatchResultSerdes<number | undefined>();
    const text = await serdes.serialize(sample(), serdesContext);
    expect(JSON.parse(text ?? '')).toEqual({
      all: [
        { result: 1, index: 0, status: 'SUCCEEDED' },
        {
          error: {
            ErrorType: 'ChildContextError',
            ErrorMessage: 'bad input',
            Cause: { ErrorType: 'StepError', ErrorMessage: 'bad input', Cause: { ErrorType: 'TypeError', ErrorMessage: 'bad input' } },
          },
          index: 1,
          status: 'FAILED',
        },
        { index: 2, status: 'SUCCEEDED' },
        { index: 3, status: 'STARTED' },
      ],
      completionReason: 'FAILURE_TOLERANCE_EXCEEDED',
    });
    const back = await serdes.deserialize(text, serdesContext);
    expect(back).toBeInstanceOf(BatchResultImpl);
    const error = back?.all[1]?.error;
    expect(error).toBeInstanceOf(ChildContextError);
    expect(error?.cause).toBeInstanceOf(StepError);
    expect(error?.cause?.cause).toBeInstanceOf(Error);
    expect((error?.cause?.cause as Error | undefined)?.name).toBe('TypeError');
    expect(back?.completionReason).toBe('FAILURE_TOLERANCE_EXCEEDED');
    expect([back?.successCount, back?.failureCount, back?.startedCount]).toEqual([2, 1, 1]);
    expect(await serdes.serialize(undefined, serdesContext)).toBeUndefined();
    expect(await serdes.deserialize(undefined, serdesContext)).toBeUndefined();
  });

  it('unknown error types come back as plain named errors; garbage data as an empty result', () => {
    const plain = reconstructBatchError({ ErrorType: 'ValidationError', ErrorMessage: 'nope' });
    expect(plain).not.toBeInstanceOf(StepError);
    expect([plain.name, plain.message]).toEqual(['ValidationError', 'nope']);
    expect(restoreBatchResult('nonsense').totalCount).toBe(0);
    expect(restoreBatchResult({ all: [] , completionReason: 'MIN_SUCCESSFUL_REACHED' }).completionReason).toBe('MIN_SUCCESSFUL_REACHED');
    const same = sample();
    expect(restoreBatchResult(same)).toBe(same);
  });
});

describe('batch summaries (> 256 KiB)', () => {
  it('encode one marker per item up to the last started one', () => {
    expect(encodeItemStatuses(sample().all)).toBe('SFS-');
    expect(encodeItemStatuses([{ index: 2, status: 'SUCCEEDED' }])).toBe('--S');
    expect(encodeItemStatuses([])).toBe('');
  });

  it('map and parallel records, the user summary kept under "summary"', () => {
    const map = JSON.parse(batchSummaryGenerator('map', undefined)(sample()));
    expect(map).toEqual({
      type: 'MapResult',
      totalCount: 4,
      successCount: 2,
      failureCount: 1,
      completionReason: 'FAILURE_TOLERANCE_EXCEEDED',
      status: 'FAILED',
      itemStatuses: 'SFS-',
    });
    const parallel = JSON.parse(batchSummaryGenerator('parallel', (r) => `n=${r.totalCount}`)(sample()));
    expect(parallel).toMatchObject({ type: 'ParallelResult', startedCount: 1, itemStatuses: 'SFS-', summary: 'n=4' });
  });

  it('replay reads back only a known reason and well-formed markers', () => {
    const summary = batchSummaryGenerator('map', undefined)(sample());
    expect(recordedCompletionReason(summary)).toBe('FAILURE_TOLERANCE_EXCEEDED');
    expect(recordedItemStatuses(summary)).toBe('SFS-');
    expect(recordedCompletionReason('{"completionReason":"constructor"}')).toBeUndefined();
    expect(recordedCompletionReason('free text')).toBeUndefined();
    expect(recordedItemStatuses('{"itemStatuses":"SXF"}')).toBeUndefined();
    expect(recordedItemStatuses('{"all":[{"index":1,"status":"FAILED"}]}')).toBe('-F');
    expect(recordedItemStatuses(undefined)).toBeUndefined();
  });
});
