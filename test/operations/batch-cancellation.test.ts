import { describe, expect, it } from 'vitest';
import { withDurableExecution } from '../../src/index.js';
import type { DurableContext, StepContext } from '../../src/index.js';
import { DurableTestRunner } from '../../src/testing/index.js';

/** Our SDK always gives a signal; the type says optional so the official StepContext stays assignable. */
const missingSignal = (): AbortSignal => {
  throw new Error('the step context has no signal');
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Work that ticks until its signal aborts (then rejects with the reason). */
const tickUntilAborted = (ticks: Map<string, number>, key: string, signal: AbortSignal): Promise<string> =>
  new Promise((_resolve, reject) => {
    const timer = setInterval(() => ticks.set(key, (ticks.get(key) ?? 0) + 1), 5);
    signal.addEventListener('abort', () => {
      clearInterval(timer);
      reject(signal.reason as Error);
    });
  });

describe('cancellation in batches', () => {
  it('a map with minSuccessful aborts the signals of the items still running, and records none of them', async () => {
    const ticks = new Map<string, number>();
    const reasons: string[] = [];
    const runner = new DurableTestRunner({
      handler: withDurableExecution(async (_event, ctx: DurableContext) => {
        const batch = await ctx.map(
          'race',
          ['fast', 'slow-1', 'slow-2'],
          async (child, item: string) =>
            child.step('work', async ({ signal = missingSignal() }: StepContext) => {
              if (item === 'fast') return item;
              signal.addEventListener('abort', () => reasons.push(`${item}:${(signal.reason as Error).name}`));
              return tickUntilAborted(ticks, item, signal);
            }),
          { completionConfig: { minSuccessful: 1 } },
        );
        await ctx.step('after', async () => sleep(50));
        return { succeeded: batch.successCount, reason: batch.completionReason };
      }),
    });
    const done = await runner.run();
    expect(done.status).toBe('SUCCEEDED');
    expect(done.result).toEqual({ succeeded: 1, reason: 'MIN_SUCCESSFUL_REACHED' });
    expect(reasons.sort()).toEqual(['slow-1:AbortError', 'slow-2:AbortError']);
    const frozen = new Map(ticks);
    await sleep(50);
    expect(ticks).toEqual(frozen);
    // The aborted attempts' failures were not recorded: the late items stay STARTED.
    const works = done.operations.filter((op) => op.Name === 'work');
    expect(works.map((op) => op.Status).sort()).toEqual(['STARTED', 'STARTED', 'SUCCEEDED']);
    expect(done.history.filter((e) => e.EventType === 'StepFailed')).toEqual([]);
  });

  it('a parallel that exceeds its failure tolerance aborts the branches still running', async () => {
    const ticks = new Map<string, number>();
    let aborted = 0;
    const runner = new DurableTestRunner({
      handler: withDurableExecution(async (_event, ctx: DurableContext) => {
        const batch = await ctx.parallel(
          'fan-out',
          [
            async (child: DurableContext) =>
              child.step('fails', async () => {
                throw new Error('boom');
              }, { retryStrategy: () => ({ shouldRetry: false }) }),
            async (child: DurableContext) =>
              child.step('long', async ({ signal = missingSignal() }: StepContext) => {
                signal.addEventListener('abort', () => {
                  aborted += 1;
                });
                return tickUntilAborted(ticks, 'long', signal);
              }),
          ],
          { completionConfig: { toleratedFailureCount: 0 } },
        );
        await ctx.step('after', async () => sleep(30));
        return batch.completionReason;
      }),
    });
    const done = await runner.run();
    expect(done.status).toBe('SUCCEEDED');
    expect(done.result).toBe('FAILURE_TOLERANCE_EXCEEDED');
    expect(aborted).toBe(1);
    expect(done.operations.find((op) => op.Name === 'long')?.Status).toBe('STARTED');
  });
});
