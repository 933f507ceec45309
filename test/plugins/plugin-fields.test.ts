/**
 * The plugin fields durable-lambda adds beyond the official 2.4 API: isFirstInvocation on
 * invocation end, the attempt end's own endTimestamp (with error, outcome and next delay),
 * subType on operation and context hooks, isReplayingChildren on context hooks.
 */
import type * as Official from '@aws/durable-execution-sdk-js';
import { describe, expect, it } from 'vitest';
import { withDurableExecution } from '../../src/handler.js';
import type { AttemptEndInfo, DurableInstrumentationPlugin, InvocationEndInfo, OperationInfo } from '../../src/plugins/types.js';
import type { DurableContext } from '../../src/types.js';
import { driveToCompletion } from '../support/drive.js';
import { FakeCheckpointClient } from '../support/fake-checkpoint-client.js';

type Seen = { hook: string; info: OperationInfo | InvocationEndInfo };

async function run(body: (event: unknown, ctx: DurableContext) => Promise<unknown>, plugin?: DurableInstrumentationPlugin) {
  const seen: Seen[] = [];
  const push = (hook: string) => async (info: OperationInfo | InvocationEndInfo) => void seen.push({ hook, info });
  const recorder: DurableInstrumentationPlugin = {
    onInvocationEnd: push('onInvocationEnd'),
    onOperationStart: push('onOperationStart'),
    onOperationEnd: push('onOperationEnd'),
    onOperationAttemptEnd: push('onOperationAttemptEnd'),
    wrapChildContextFn: (info, fn) => {
      seen.push({ hook: 'wrapChildContextFn', info });
      return fn();
    },
  };
  const service = new FakeCheckpointClient();
  const handler = withDurableExecution(body as never, { plugins: plugin ? [recorder, plugin] : [recorder] });
  const outputs = await driveToCompletion({ handler, service });
  return { seen, outputs };
}

const ops = (seen: Seen[], hook: string) => seen.filter((s) => s.hook === hook).map((s) => s.info as OperationInfo);

describe('plugin fields beyond 2.4', () => {
  it('isFirstInvocation on invocation end, as on start', async () => {
    const { seen, outputs } = await run(async (_e, ctx) => {
      await ctx.wait('a', { seconds: 1 });
      await ctx.wait('b', { seconds: 1 });
      return 'ok';
    });
    expect(outputs.map((o) => o.Status)).toEqual(['PENDING', 'PENDING', 'SUCCEEDED']);
    const ends = seen.filter((s) => s.hook === 'onInvocationEnd').map((s) => (s.info as InvocationEndInfo).isFirstInvocation);
    expect(ends).toEqual([true, false, false]);
  });

  it('attempt end: its own endTimestamp on every attempt, the error, the outcome and the next delay', async () => {
    const before = Date.now();
    const { seen } = await run(async (_e, ctx) =>
      ctx.step(
        'flaky',
        async ({ attempt }) => {
          if (attempt < 3) throw new Error(`boom ${attempt}`);
          return attempt;
        },
        { retryStrategy: (_error: Error, attempt: number) => ({ shouldRetry: attempt < 5, delay: { seconds: 2 } }) },
      ),
    );
    const ends = ops(seen, 'onOperationAttemptEnd') as AttemptEndInfo[];
    expect(ends.map((e) => [e.attempt, e.outcome, e.error?.message, e.nextAttemptDelaySeconds])).toEqual([
      [1, 'FAILED', 'boom 1', 2],
      [2, 'FAILED', 'boom 2', 2],
      [3, 'SUCCEEDED', undefined, undefined],
    ]);
    for (const end of ends) {
      expect(end.endTimestamp).toBeInstanceOf(Date);
      expect(end.endTimestamp.getTime()).toBeGreaterThanOrEqual(before);
      expect(end.endTimestamp.getTime()).toBeLessThanOrEqual(Date.now());
    }
  });

  it('subType on operation hooks and on the child-context function hook', async () => {
    const { seen } = await run(async (_e, ctx) => {
      await ctx.step('s', async () => 1);
      await ctx.runInChildContext('c', async (child) => child.step('inner', async () => 2));
      await ctx.wait('w', { seconds: 1 });
      return 'ok';
    });
    const starts = ops(seen, 'onOperationStart').map((i) => [i.name, i.type, i.subType]);
    expect(starts).toEqual(
      expect.arrayContaining([
        ['s', 'STEP', 'Step'],
        ['c', 'CONTEXT', 'RunInChildContext'],
        ['inner', 'STEP', 'Step'],
        ['w', 'WAIT', 'Wait'],
      ]),
    );
    expect(ops(seen, 'wrapChildContextFn').map((i) => [i.name, i.type, i.subType])).toEqual([['c', 'CONTEXT', 'RunInChildContext']]);
  });

  it('isReplayingChildren: false when a context starts, true when it is re-entered over checkpointed children', async () => {
    const { seen, outputs } = await run(async (_e, ctx) =>
      ctx.runInChildContext('outer', async (child) => {
        const first = await child.step('first', async () => 1);
        await child.wait('inside', { seconds: 3 });
        return first + 1;
      }),
    );
    expect(outputs.at(-1)).toEqual({ Status: 'SUCCEEDED', Result: '2' });
    const onOuter = (hook: string) => ops(seen, hook).filter((i) => i.name === 'outer').map((i) => i.isReplayingChildren);
    expect(onOuter('onOperationStart')).toEqual([false, true]);
    expect(onOuter('wrapChildContextFn')).toEqual([false, true]);
    expect(onOuter('onOperationEnd')).toEqual([true]);
    // Only context hooks carry it.
    expect(ops(seen, 'onOperationStart').filter((i) => i.type !== 'CONTEXT').every((i) => i.isReplayingChildren === undefined)).toBe(true);
  });

  it('a plugin typed against the official 2.4 declarations compiles and runs unchanged', async () => {
    const seen: string[] = [];
    const official: Official.DurableInstrumentationPlugin = {
      async onInvocationEnd(info: Official.InvocationEndInfo) {
        seen.push(`end:${info.status}`);
      },
      async onOperationAttemptEnd(info: Official.AttemptEndInfo) {
        seen.push(`attempt:${info.name}:${info.outcome}:${info.endTimestamp instanceof Date}`);
      },
      wrapChildContextFn(info: Official.OperationInfo, fn) {
        seen.push(`child:${info.name}:${info.subType}`);
        return fn();
      },
    };
    const { outputs } = await run(async (_e, ctx) => ctx.runInChildContext('c', async (child) => child.step('s', async () => 'x')), official);
    expect(outputs).toEqual([{ Status: 'SUCCEEDED', Result: '"x"' }]);
    expect(seen).toEqual(['child:c:RunInChildContext', 'attempt:s:SUCCEEDED:true', 'end:SUCCEEDED']);
  });
});
