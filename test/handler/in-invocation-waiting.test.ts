/**
 * While user code keeps the invocation busy, waiting operations poll the service (§5.4) and
 * continue in the same invocation instead of suspending.
 */
import { describe, expect, it } from 'vitest';
import { withDurableExecution } from '../../src/handler.js';
import type { DurableContext } from '../../src/types.js';
import { invokeOnce } from '../support/drive.js';
import { FakeCheckpointClient } from '../support/fake-checkpoint-client.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('waiting inside a busy invocation', () => {
  it('a wait that ends while a long step runs completes without suspending', async () => {
    const h = withDurableExecution(async (_e, ctx: DurableContext) => {
      const pause = ctx.wait('short', { seconds: 1 });
      const work = ctx.step('long', async () => {
        await sleep(1_400);
        return 'worked';
      });
      await pause;
      return work;
    });
    const service = new FakeCheckpointClient({ autoFireTimers: true });
    expect(await invokeOnce(h, service)).toEqual({ Status: 'SUCCEEDED', Result: '"worked"' });
    expect(service.updates.some((batch) => batch.length === 0)).toBe(true);
  });

  it('a retry that becomes due while another step runs re-executes in the same invocation', async () => {
    const attempts: number[] = [];
    const h = withDurableExecution(async (_e, ctx: DurableContext) => {
      const busy = ctx.step('busy', async () => {
        await sleep(2_300);
        return 'done';
      });
      const flaky = ctx.step('flaky', async ({ attempt }) => {
        attempts.push(attempt);
        if (attempt === 1) throw new Error('first attempt fails');
        return attempt;
      }, { retryStrategy: (_err, attempt) => ({ shouldRetry: attempt < 2, delay: { seconds: 1 } }) });
      return [await busy, await flaky];
    });
    const service = new FakeCheckpointClient({ autoFireTimers: true });
    expect(await invokeOnce(h, service)).toEqual({ Status: 'SUCCEEDED', Result: '["done",2]' });
    expect(attempts).toEqual([1, 2]);
  });
});
