/**
 * Map/parallel settle on the same microtask turns as with the official SDK: a microtask clock
 * (a self-requeueing microtask, one tick per pass of the queue) stamps what user code sees.
 * The order of updates within one checkpoint request depends on these turns.
 */
import { DurableExecutionInvocationInputWithClient as OfficialInput } from '@aws/durable-execution-sdk-js';
import { describe, expect, it } from 'vitest';
import { FakeCheckpointClient, fakeLambdaContext } from '../support/fake-checkpoint-client.js';
import type { AnyContext, ScenarioBody } from './scenarios.js';
import { bothHandlers } from './scenarios.js';

let tick = 0;
let epoch = 0;
/** Restarts the clock at 0 (stops after 400 ticks so macrotasks can run again). */
function startClock(): void {
  tick = 0;
  let budget = 400;
  const mine = ++epoch;
  const advance = (): void => {
    if (mine !== epoch) return;
    tick += 1;
    if (budget-- > 0) queueMicrotask(advance);
  };
  queueMicrotask(advance);
}

async function stamps(body: (ctx: AnyContext, log: (what: string) => void) => Promise<unknown>): Promise<Record<'ours' | 'official', string[]>> {
  const out = { ours: [] as string[], official: [] as string[] };
  for (const which of ['official', 'ours'] as const) {
    const log = (what: string): void => void out[which].push(`${tick} ${what}`);
    const handler = bothHandlers((async (_e, ctx) => {
      startClock();
      return body(ctx, log);
    }) as ScenarioBody)[which];
    const service = new FakeCheckpointClient();
    for (let i = 0; i < 5; i += 1) {
      out[which].push(`invocation ${i}`);
      const output = (await handler(new OfficialInput(service.event(), service as never), fakeLambdaContext())) as { Status: string };
      if (output.Status !== 'PENDING') break;
      service.fireTimers();
    }
  }
  return out;
}

describe('map/parallel microtask turns match the official SDK', () => {
  it('items, failures, branches and batch results, live and replayed', async () => {
    const { ours, official } = await stamps(async (ctx, log) => {
      const batch = await ctx.map('m', [1, 2, 3], async (_c, item: number) => {
        log(`item ${item}`);
        if (item === 2) throw new Error('two');
        return item;
      }, { maxConcurrency: 1, completionConfig: { toleratedFailureCount: 5 } });
      log('map done');
      const parallel = await ctx.parallel('p', [async () => void log('branch 0'), async () => void log('branch 1')], { maxConcurrency: 1 });
      log('parallel done');
      await ctx.wait({ seconds: 1 });
      return [batch.totalCount, parallel.totalCount];
    });
    expect(official).toContain('60 map done');
    expect(ours).toEqual(official);
  });

  it('an item answered from its record starts the next item on the same turn', async () => {
    const { ours, official } = await stamps(async (ctx, log) => {
      const batch = await ctx.map('m', [1, 2, 3], async (c: AnyContext, item: number) => {
        log(`item ${item}`);
        const doubled = await c.step('double', async () => item * 2);
        if (item % 2 === 1) await c.wait({ seconds: item });
        return doubled;
      }, { maxConcurrency: 2 });
      return batch.totalCount;
    });
    // Only the item starts are compared: replayed steps and waits (engine code, not the batch)
    // settle a turn or two apart from the official SDK's.
    const starts = (log: string[]): string[] => log.filter((line) => /item|invocation/.test(line));
    expect(starts(official)).toContain('9 item 3');
    expect(starts(ours)).toEqual(starts(official));
  });
});
