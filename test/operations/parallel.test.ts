import { describe, expect, it } from 'vitest';
import { NestingType } from '../../src/batch-types.js';
import { hashOperationId } from '../../src/engine/ids.js';
import { ChildContextError } from '../../src/errors.js';
import { withDurableExecution } from '../../src/handler.js';
import type { DurableContext } from '../../src/types.js';
import { driveToCompletion, invokeOnce } from '../support/drive.js';
import { FakeCheckpointClient } from '../support/fake-checkpoint-client.js';

const h = hashOperationId;

describe('context.parallel (§5.7.8)', () => {
  it('records a Parallel CONTEXT with ParallelBranch children named by the branch or parallel-branch-<i>', async () => {
    const handler = withDurableExecution(async (_e, ctx: DurableContext) => {
      const batch = await ctx.parallel('p', [
        { name: 'left', func: async (c) => c.step('l', async () => 'L') },
        async (c) => c.step('r', async () => 'R'),
        { func: async () => 'anonymous' },
      ]);
      return batch.getResults();
    });
    const service = new FakeCheckpointClient();
    expect(await invokeOnce(handler, service)).toEqual({ Status: 'SUCCEEDED', Result: '["L","R","anonymous"]' });
    const starts = service.updates.flat().filter((u) => u.Type === 'CONTEXT' && u.Action === 'START');
    expect(starts.map((u) => [u.Id, u.ParentId, u.Name, u.SubType])).toEqual([
      [h('1'), undefined, 'p', 'Parallel'],
      [h('1-1'), h('1'), 'left', 'ParallelBranch'],
      [h('1-2'), h('1'), 'parallel-branch-1', 'ParallelBranch'],
      [h('1-3'), h('1'), 'parallel-branch-2', 'ParallelBranch'],
    ]);
  });

  it('rejects branches that are neither functions nor {func}', async () => {
    const handler = withDurableExecution(async (_e, ctx: DurableContext) => {
      const bad = await ctx.parallel([{ name: 'x' } as never]).then(() => 'resolved', (e: unknown) => (e as Error).message);
      const notArray = await ctx.parallel('p', 'x' as never).then(() => 'resolved', (e: unknown) => (e as Error).message);
      return [bad, notArray];
    });
    expect(await invokeOnce(handler, new FakeCheckpointClient())).toEqual({
      Status: 'SUCCEEDED',
      Result: '["All branches must be functions or NamedParallelBranch objects","Parallel operation requires an array of branch functions"]',
    });
  });

  it('fail-fast with maxConcurrency 1: the branches after a failure never start', async () => {
    const started: number[] = [];
    const handler = withDurableExecution(async (_e, ctx: DurableContext) => {
      const batch = await ctx.parallel('p', [0, 1, 2].map((i) => async () => {
        started.push(i);
        if (i === 1) throw new Error(`branch ${i}`);
        return i;
      }), { maxConcurrency: 1 });
      return [batch.completionReason, batch.totalCount, batch.getErrors().map((e) => e instanceof ChildContextError && e.message)];
    });
    expect(await invokeOnce(handler, new FakeCheckpointClient())).toEqual({ Status: 'SUCCEEDED', Result: '["FAILURE_TOLERANCE_EXCEEDED",2,["branch 1"]]' });
    expect(started).toEqual([0, 1]);
  });

  it('toleratedFailurePercentage: within it the batch runs to the end', async () => {
    const handler = withDurableExecution(async (_e, ctx: DurableContext) => {
      const branches = [0, 1, 2, 3].map((i) => async () => {
        if (i === 0) throw new Error('zero');
        return i;
      });
      const within = await ctx.parallel('within', branches, { maxConcurrency: 1, completionConfig: { toleratedFailurePercentage: 25 } });
      const over = await ctx.parallel('over', branches, { maxConcurrency: 1, completionConfig: { toleratedFailurePercentage: 20 } });
      return [within.completionReason, within.totalCount, over.completionReason, over.totalCount];
    });
    expect(await invokeOnce(handler, new FakeCheckpointClient())).toEqual({
      Status: 'SUCCEEDED',
      Result: '["ALL_COMPLETED",4,"FAILURE_TOLERANCE_EXCEEDED",1]',
    });
  });

  it('FLAT branches across invocations: no branch records, same result after replay', async () => {
    const seen: unknown[] = [];
    const handler = withDurableExecution(async (_e, ctx: DurableContext) => {
      const batch = await ctx.parallel('p', [
        async (c) => {
          await c.wait({ seconds: 2 });
          return c.step('a', async () => 'A');
        },
        async (c) => c.step('b', async () => 'B'),
      ], { nesting: NestingType.FLAT });
      seen.push([batch.getResults(), batch.completionReason]);
      await ctx.wait({ seconds: 1 });
      return batch.getResults();
    });
    const service = new FakeCheckpointClient();
    const outputs = await driveToCompletion({ handler, service });
    expect(outputs.map((o) => o.Status)).toEqual(['PENDING', 'PENDING', 'SUCCEEDED']);
    expect(outputs.at(-1)).toEqual({ Status: 'SUCCEEDED', Result: '["A","B"]' });
    expect(service.updates.flat().filter((u) => u.SubType === 'ParallelBranch')).toEqual([]);
    expect(service.get(h('1-1-1'))?.ParentId).toBe(h('1'));
    expect(seen).toEqual([
      [['A', 'B'], 'ALL_COMPLETED'],
      [['A', 'B'], 'ALL_COMPLETED'],
    ]);
  });

  it('over 256 KiB: a ParallelResult summary counting started branches; replay rebuilds it', async () => {
    const seen: unknown[] = [];
    const handler = withDurableExecution(async (_e, ctx: DurableContext) => {
      const batch = await ctx.parallel('p', [
        async (c) => c.step('x', async () => 'x'.repeat(300 * 1024)),
        async (c) => {
          await c.wait({ seconds: 30 });
          return 'late';
        },
      ], { completionConfig: { minSuccessful: 1 } });
      seen.push([batch.all.map((i) => [i.index, i.status]), batch.completionReason, batch.getResults().map((r) => r.length)]);
      await ctx.wait({ seconds: 1 });
      return batch.successCount;
    });
    const service = new FakeCheckpointClient();
    const outputs = await driveToCompletion({ handler, service });
    expect(outputs.at(-1)).toEqual({ Status: 'SUCCEEDED', Result: '1' });
    expect(JSON.parse(service.get(h('1'))?.ContextDetails?.Result ?? '')).toEqual({
      type: 'ParallelResult',
      totalCount: 2,
      successCount: 1,
      failureCount: 0,
      startedCount: 1,
      completionReason: 'MIN_SUCCESSFUL_REACHED',
      status: 'SUCCEEDED',
      itemStatuses: 'S-',
    });
    // Like the official SDK, the rebuilt result lists the finished branches only.
    expect(seen).toEqual([
      [[[0, 'SUCCEEDED'], [1, 'STARTED']], 'MIN_SUCCESSFUL_REACHED', [300 * 1024]],
      [[[0, 'SUCCEEDED']], 'MIN_SUCCESSFUL_REACHED', [300 * 1024]],
    ]);
  });
});
