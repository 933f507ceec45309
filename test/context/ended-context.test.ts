import { describe, expect, it } from 'vitest';
import { withDurableExecution, type DurableContext } from '../../src/index.js';
import { DurableTestRunner } from '../../src/testing/index.js';

describe('a durable call on a context whose execution has ended', () => {
  it('rejects at once with an error that says so, for every kind of call', async () => {
    let leaked: DurableContext | undefined;
    const handler = withDurableExecution(async (_event: unknown, context) => {
      leaked = context;
      await context.step('only', async () => 1);
      return 'done';
    });
    const result = await new DurableTestRunner({ handler }).run();
    expect(result.status).toBe('SUCCEEDED');
    const context = leaked!;
    const started = Date.now();
    await expect(context.step('late', async () => 1)).rejects.toThrow(/called on a context whose invocation has ended/);
    await expect(context.wait('late-wait', { seconds: 1 })).rejects.toMatchObject({ name: 'DurableContextEndedError' });
    await expect(context.runInChildContext('late-child', async () => 1)).rejects.toThrow(/invocation has ended/);
    await expect(context.createCallback('late-callback')).rejects.toThrow(/invocation has ended/);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('a call leaked by a step and awaited after the end rejects instead of hanging', async () => {
    let late: Promise<unknown> | undefined;
    const handler = withDurableExecution(async (_event: unknown, context) => {
      await context.step('first', async () => 1);
      setTimeout(() => {
        late = context.step('after-return', async () => 2);
      }, 0);
      return 'returned';
    });
    expect(await new DurableTestRunner({ handler }).run()).toMatchObject({ status: 'SUCCEEDED', result: 'returned' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await expect(late).rejects.toThrow(/invocation has ended/);
  });
});
