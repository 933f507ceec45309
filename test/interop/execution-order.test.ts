/**
 * User code starts at the same moments as with the official SDK: step functions, child
 * functions and condition checks interleave with the caller's code in the same order.
 */
import { DurableExecutionInvocationInputWithClient as OfficialInput } from '@aws/durable-execution-sdk-js';
import { describe, expect, it } from 'vitest';
import { FakeCheckpointClient, fakeLambdaContext } from '../support/fake-checkpoint-client.js';
import type { AnyContext } from './scenarios.js';
import { bothHandlers } from './scenarios.js';

async function orderOf(body: (ctx: AnyContext, log: string[]) => Promise<unknown>): Promise<{ ours: string[]; official: string[] }> {
  const logs = { ours: [] as string[], official: [] as string[] };
  for (const which of ['official', 'ours'] as const) {
    const handlers = bothHandlers(async (_e, ctx) => body(ctx, logs[which]));
    const service = new FakeCheckpointClient();
    await handlers[which](new OfficialInput(service.event(), service as never), fakeLambdaContext());
  }
  return logs;
}

describe('execution order matches the official SDK', () => {
  it('steps, child contexts and callbacks started together', async () => {
    const { ours, official } = await orderOf(async (ctx, log) => {
      const a = ctx.step('a', async () => void log.push('a-fn'));
      log.push('after-a-call');
      const c = ctx.runInChildContext('c', async (child) => {
        log.push('c-fn');
        return child.step('x', async () => void log.push('x-fn'));
      });
      log.push('after-c-call');
      await ctx.createCallback('cb');
      log.push('after-cb');
      return [await a, await c];
    });
    expect(official).toEqual(['after-a-call', 'after-c-call', 'c-fn', 'a-fn', 'x-fn', 'after-cb']);
    expect(ours).toEqual(official);
  });

  it('condition checks, nested children and sibling steps', async () => {
    const { ours, official } = await orderOf(async (ctx, log) => {
      const w = ctx.waitForCondition('w', async (s: number) => {
        log.push('check');
        return s + 1;
      }, { initialState: 0, waitStrategy: () => ({ shouldContinue: false }) });
      const outer = ctx.runInChildContext('outer', async (o) => {
        log.push('outer-fn');
        const inner = o.runInChildContext('inner', async () => void log.push('inner-fn'));
        log.push('after-inner-call');
        return inner;
      });
      const s = ctx.step('s', async () => void log.push('s-fn'));
      log.push('sync-end');
      return Promise.all([w, outer, s]);
    });
    expect(ours).toEqual(official);
    expect(official).toHaveLength(6);
  });

  it('map items, parallel branches and the caller interleave the same way', async () => {
    const { ours, official } = await orderOf(async (ctx, log) => {
      const m = ctx.map('m', [1, 2, 3], async (c, item: number) => {
        log.push(`item-${item}`);
        const v = await c.step('s', async () => void log.push(`item-${item}-fn`));
        log.push(`item-${item}-done`);
        return v;
      }, { maxConcurrency: 2 }).then(() => log.push('map-done'));
      log.push('after-map-call');
      const p = ctx.parallel('p', [
        async () => void log.push('branch-0'),
        { name: 'b1', func: async (c: AnyContext) => c.runInChildContext('inner', async () => void log.push('branch-1-inner')) },
      ]).then(() => log.push('parallel-done'));
      const s = ctx.step('s', async () => void log.push('step-fn')).then(() => log.push('step-done'));
      log.push('sync-end');
      return Promise.all([m, p, s]);
    });
    expect(official).toHaveLength(17);
    expect(ours).toEqual(official);
  });
});
