import { describe, expect, it } from 'vitest';
import type { BatchResult } from '../../src/batch-types.js';
import { completeBatch, CompletionOutcome, continueBatch, NestingType } from '../../src/batch-types.js';
import { hashOperationId } from '../../src/engine/ids.js';
import { BatchCompletionError, ChildContextError, StepError } from '../../src/errors.js';
import { withDurableExecution } from '../../src/handler.js';
import type { DurableExecutionInvocationOutput } from '../../src/protocol.js';
import type { DurableContext } from '../../src/types.js';
import { driveToCompletion, invokeOnce } from '../support/drive.js';
import { FakeCheckpointClient } from '../support/fake-checkpoint-client.js';

const h = hashOperationId;
const resultOf = (output: DurableExecutionInvocationOutput): string => ('Result' in output ? (output.Result ?? '') : '');
const noRetry = { retryStrategy: () => ({ shouldRetry: false }) };
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
/** Everything a BatchResult shows, for comparing a first run with a replay. */
const view = (batch: BatchResult<unknown>): unknown => ({
  all: batch.all.map((item) => ({
    ...item,
    error: item.error && { class: item.error.constructor.name, message: item.error.message, cause: item.error.cause?.constructor.name, root: (item.error.cause?.cause as Error | undefined)?.name },
  })),
  reason: batch.completionReason,
  status: batch.status,
  counts: [batch.successCount, batch.failureCount, batch.startedCount, batch.totalCount],
  results: batch.getResults(),
});

describe('context.map (§5.7.8)', () => {
  it('records a Map CONTEXT with MapIteration children 1-1, 1-2, … named map-item-<i> or by itemNamer', async () => {
    const handler = withDurableExecution(async (_e, ctx: DurableContext) => {
      const plain = await ctx.map('m', [10, 20], async (c, item, index, all) => c.step('s', async () => item + index + all.length));
      const named = await ctx.map([1], async (c, item) => c.step(async () => item), { itemNamer: (item) => `n${item}` });
      return [plain.getResults(), named.getResults()];
    });
    const service = new FakeCheckpointClient();
    expect(await invokeOnce(handler, service)).toEqual({ Status: 'SUCCEEDED', Result: '[[12,23],[1]]' });
    const contexts = service.updates.flat().filter((u) => u.Type === 'CONTEXT' && u.Action === 'START');
    expect(contexts.map((u) => [u.Id, u.ParentId, u.Name, u.SubType])).toEqual([
      [h('1'), undefined, 'm', 'Map'],
      [h('1-1'), h('1'), 'map-item-0', 'MapIteration'],
      [h('1-2'), h('1'), 'map-item-1', 'MapIteration'],
      [h('2'), undefined, undefined, 'Map'],
      [h('2-1'), h('2'), 'n1', 'MapIteration'],
    ]);
    expect(service.get(h('1-1-1'))?.ParentId).toBe(h('1-1'));
    expect(JSON.parse(service.get(h('1'))?.ContextDetails?.Result ?? '')).toEqual({
      all: [
        { result: 12, index: 0, status: 'SUCCEEDED' },
        { result: 23, index: 1, status: 'SUCCEEDED' },
      ],
      completionReason: 'ALL_COMPLETED',
    });
  });

  it('runs at most maxConcurrency items at once, in index order', async () => {
    let active = 0;
    let peak = 0;
    const started: number[] = [];
    const handler = withDurableExecution(async (_e, ctx: DurableContext) => {
      const batch = await ctx.map('m', [0, 1, 2, 3, 4, 5], async (c, item) => {
        started.push(item);
        return c.step('s', async () => {
          active += 1;
          peak = Math.max(peak, active);
          await sleep(5);
          active -= 1;
          return item;
        });
      }, { maxConcurrency: 2 });
      return batch.getResults();
    });
    expect(await invokeOnce(handler, new FakeCheckpointClient())).toEqual({ Status: 'SUCCEEDED', Result: '[0,1,2,3,4,5]' });
    expect(peak).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it.each([0, -2])('maxConcurrency %d fails the execution with CONFIG_VALIDATION_ERROR before any traffic', async (maxConcurrency) => {
    const handler = withDurableExecution(async (_e, ctx: DurableContext) => ctx.map('m', [1], async () => 1, { maxConcurrency }));
    const service = new FakeCheckpointClient();
    const output = await invokeOnce(handler, service);
    expect(output).toMatchObject({ Status: 'FAILED', Error: { ErrorMessage: expect.stringMatching(/^Invalid maxConcurrency/) } });
    expect(service.updates.flat()).toEqual([]);
  });

  it('shouldComplete combined with thresholds fails the execution with CONFIG_VALIDATION_ERROR', async () => {
    const handler = withDurableExecution(async (_e, ctx: DurableContext) =>
      ctx.map('m', [1], async () => 1, { completionConfig: { shouldComplete: () => continueBatch(), minSuccessful: 1 } as never }),
    );
    const service = new FakeCheckpointClient();
    expect(await invokeOnce(handler, service)).toMatchObject({ Status: 'FAILED', Error: { ErrorMessage: expect.stringMatching(/mutually exclusive/) } });
    expect(service.updates.flat()).toEqual([]);
  });

  it('bad arguments reject the call without consuming an id', async () => {
    const handler = withDurableExecution(async (_e, ctx: DurableContext) => {
      const error = await ctx.map('m', 'nope' as never, async () => 1).then(() => 'resolved', (e: unknown) => (e as Error).message);
      const next = await ctx.step('next', async () => 'ok');
      return [error, next];
    });
    const service = new FakeCheckpointClient();
    expect(await invokeOnce(handler, service)).toEqual({ Status: 'SUCCEEDED', Result: '["Map operation requires an array of items","ok"]' });
    expect(service.get(h('1'))?.Name).toBe('next');
  });

  it('an empty input completes at once with ALL_COMPLETED', async () => {
    const handler = withDurableExecution(async (_e, ctx: DurableContext) => {
      const batch = await ctx.map('empty', [], async () => 1);
      return [batch.totalCount, batch.completionReason, batch.status];
    });
    const service = new FakeCheckpointClient();
    expect(await invokeOnce(handler, service)).toEqual({ Status: 'SUCCEEDED', Result: '[0,"ALL_COMPLETED","SUCCEEDED"]' });
    expect(service.get(h('1'))?.ContextDetails?.Result).toBe('{"all":[],"completionReason":"ALL_COMPLETED"}');
  });

  it('fail-fast by default: items after the first failure do not start', async () => {
    const handler = withDurableExecution(async (_e, ctx: DurableContext) => {
      const batch = await ctx.map('m', [0, 1, 2], async (c, item) => c.step('s', async () => {
        if (item === 1) throw new TypeError('one');
        return item;
      }, noRetry), { maxConcurrency: 1 });
      return view(batch);
    });
    const output = await invokeOnce(handler, new FakeCheckpointClient());
    expect(JSON.parse(resultOf(output))).toMatchObject({
      all: [{ index: 0, status: 'SUCCEEDED' }, { index: 1, status: 'FAILED', error: { class: 'ChildContextError', message: 'one', cause: 'StepError', root: 'StepError' } }],
      reason: 'FAILURE_TOLERANCE_EXCEEDED',
      status: 'FAILED',
    });
  });

  it('minSuccessful ends the batch early: late items stay STARTED and are never checkpointed', async () => {
    const lateRan: number[] = [];
    const handler = withDurableExecution(async (_e, ctx: DurableContext) => {
      const batch = await ctx.map('m', [0, 30, 40], async (c, ms) => {
        const value = await c.step('work', async () => {
          if (ms > 0) await sleep(ms);
          lateRan.push(ms);
          return ms;
        });
        // Never reached by the late items: their dropped SUCCEED leaves the step unresolved.
        await c.step('more', async () => ms);
        return value;
      }, { completionConfig: { minSuccessful: 1 } });
      // The late items finish while this step runs.
      await ctx.step('after', async () => sleep(100));
      return view(batch);
    });
    const service = new FakeCheckpointClient();
    const output = await invokeOnce(handler, service);
    expect(JSON.parse(resultOf(output))).toMatchObject({
      all: [{ index: 0, status: 'SUCCEEDED', result: 0 }, { index: 1, status: 'STARTED' }, { index: 2, status: 'STARTED' }],
      reason: 'MIN_SUCCESSFUL_REACHED',
      counts: [1, 0, 2, 3],
    });
    expect(lateRan).toEqual([0, 30, 40]);
    const late = new Set(['1-2', '1-3', '1-2-1', '1-3-1', '1-2-2', '1-3-2'].map(h));
    const lateWrites = service.updates.flat().filter((u) => late.has(u.Id)).map((u) => [u.Name, u.Action]);
    expect(lateWrites).toEqual([
      ['map-item-1', 'START'],
      ['map-item-2', 'START'],
      ['work', 'START'],
      ['work', 'START'],
    ]);
    expect(service.get(h('1-2'))?.Status).toBe('STARTED');
  });

  it('a custom completion rule: CUSTOM_COMPLETION_FAILED makes throwIfError throw BatchCompletionError', async () => {
    let thrown: unknown;
    const handler = withDurableExecution(async (_e, ctx: DurableContext) => {
      const batch = await ctx.map('m', [1, 2, 3, 4], async (c, item) => c.step('s', async () => item), {
        maxConcurrency: 1,
        completionConfig: { shouldComplete: (s) => (s.successCount >= 2 ? completeBatch(CompletionOutcome.FAILED) : continueBatch()) },
      });
      try {
        batch.throwIfError();
      } catch (error) {
        thrown = error;
      }
      return [batch.completionReason, batch.status, batch.totalCount];
    });
    expect(await invokeOnce(handler, new FakeCheckpointClient())).toEqual({ Status: 'SUCCEEDED', Result: '["CUSTOM_COMPLETION_FAILED","FAILED",2]' });
    expect(thrown).toBeInstanceOf(BatchCompletionError);
  });

  it('FLAT nesting writes no MapIteration records; item operations are children of the Map', async () => {
    const handler = withDurableExecution(async (_e, ctx: DurableContext) => {
      const batch = await ctx.map('m', [1, 2], async (c, item) => c.step('s', async () => item * 3), { nesting: NestingType.FLAT });
      await ctx.wait({ seconds: 1 });
      return batch.getResults();
    });
    const service = new FakeCheckpointClient();
    const outputs = await driveToCompletion({ handler, service });
    expect(outputs.at(-1)).toEqual({ Status: 'SUCCEEDED', Result: '[3,6]' });
    const updates = service.updates.flat();
    expect(updates.filter((u) => u.SubType === 'MapIteration')).toEqual([]);
    expect(updates.filter((u) => u.Type === 'STEP' && u.Action === 'SUCCEED').map((u) => [u.Id, u.ParentId])).toEqual([
      [h('1-1-1'), h('1')],
      [h('1-2-1'), h('1')],
    ]);
  });

  it('itemSerdes writes the item payloads and serdes the whole result; plain data gets the BatchResult API back', async () => {
    const handler = withDurableExecution(async (_e, ctx: DurableContext) => {
      const batch = await ctx.map('m', [1, 2], async (c, item) => c.step('s', async () => item), {
        itemSerdes: { serialize: async (v) => `n:${String(v)}`, deserialize: async (s) => Number(s?.slice(2)) },
        serdes: {
          serialize: async (v) => JSON.stringify({ all: v?.all, completionReason: v?.completionReason, custom: true }),
          deserialize: async (s) => JSON.parse(s ?? '{}'),
        },
      });
      return [batch.getResults(), batch.successCount, typeof batch.throwIfError];
    });
    const service = new FakeCheckpointClient();
    expect(await invokeOnce(handler, service)).toEqual({ Status: 'SUCCEEDED', Result: '[[1,2],2,"function"]' });
    expect(service.get(h('1-1'))?.ContextDetails?.Result).toBe('n:1');
    expect(JSON.parse(service.get(h('1'))?.ContextDetails?.Result ?? '')).toMatchObject({ custom: true, completionReason: 'ALL_COMPLETED' });
  });

  it('a first run and a full replay return the same BatchResult, error classes included', async () => {
    const seen: unknown[] = [];
    const classes: unknown[] = [];
    const handler = withDurableExecution(async (_e, ctx: DurableContext) => {
      const batch = await ctx.map('m', [0, 1, 2, 3], async (c, item) => {
        if (item === 1) throw new RangeError('direct');
        return c.step('s', async () => {
          if (item === 3) throw new TypeError('in step');
          return { item };
        }, noRetry);
      }, { completionConfig: { toleratedFailureCount: 2 } });
      seen.push(view(batch));
      classes.push(batch.getErrors().map((e) => [e instanceof ChildContextError, e.cause instanceof StepError]));
      await ctx.wait({ seconds: 1 });
      return batch.successCount;
    });
    const service = new FakeCheckpointClient();
    const outputs = await driveToCompletion({ handler, service });
    expect(outputs.map((o) => o.Status)).toEqual(['PENDING', 'SUCCEEDED']);
    expect(seen).toHaveLength(2);
    expect(seen[1]).toEqual(seen[0]);
    expect(classes).toEqual([
      [[true, true], [true, true]],
      [[true, true], [true, true]],
    ]);
    expect(seen[0]).toMatchObject({ reason: 'ALL_COMPLETED', status: 'FAILED', counts: [2, 2, 0, 4] });
  });

  it('over 256 KiB: a summary with itemStatuses is stored, and replay rebuilds the same result from the items', async () => {
    const seen: unknown[] = [];
    let stepRuns = 0;
    const part = (i: number): string => String(i).repeat(100 * 1024);
    const handler = withDurableExecution(async (_e, ctx: DurableContext) => {
      const batch = await ctx.map('big', [0, 1, 2, 3], async (c, item) => c.step('part', async () => {
        stepRuns += 1;
        if (item === 2) throw new Error('no part');
        return part(item);
      }, noRetry), { completionConfig: { toleratedFailureCount: 1 }, summaryGenerator: (r) => `items=${r.totalCount}` });
      seen.push(view(batch));
      await ctx.wait({ seconds: 1 });
      return batch.getResults().map((r) => r.length);
    });
    const service = new FakeCheckpointClient();
    const outputs = await driveToCompletion({ handler, service });
    expect(outputs.at(-1)).toEqual({ Status: 'SUCCEEDED', Result: JSON.stringify([102400, 102400, 102400]) });
    const record = service.get(h('1'));
    expect(record?.ContextDetails?.ReplayChildren).toBe(true);
    expect(JSON.parse(record?.ContextDetails?.Result ?? '')).toEqual({
      type: 'MapResult',
      totalCount: 4,
      successCount: 3,
      failureCount: 1,
      completionReason: 'ALL_COMPLETED',
      status: 'FAILED',
      itemStatuses: 'SSFS',
      summary: 'items=4',
    });
    expect(stepRuns).toBe(4);
    expect(seen).toHaveLength(2);
    expect(seen[1]).toEqual(seen[0]);
  });

  it('replay of a summarised batch skips items the live run did not see finish', async () => {
    const runs: number[] = [];
    const handler = withDurableExecution(async (_e, ctx: DurableContext) => {
      const batch = await ctx.map('big', [0, 1, 2], async (c, item) => {
        runs.push(item);
        if (item === 2) await c.wait({ seconds: 5 });
        return c.step('part', async () => 'p'.repeat(150 * 1024));
      }, { completionConfig: { minSuccessful: 2 } });
      await ctx.wait({ seconds: 1 });
      return [batch.completionReason, batch.all.map((i) => [i.index, i.status])];
    });
    const service = new FakeCheckpointClient();
    const outputs = await driveToCompletion({ handler, service });
    expect(JSON.parse(service.get(h('1'))?.ContextDetails?.Result ?? '').itemStatuses).toBe('SS-');
    // The replay re-drives items 0 and 1 from their records and never calls item 2's function.
    expect(runs).toEqual([0, 1, 2]);
    expect(outputs.at(-1)).toEqual({ Status: 'SUCCEEDED', Result: '["MIN_SUCCESSFUL_REACHED",[[0,"SUCCEEDED"],[1,"SUCCEEDED"]]]' });
  });
});
