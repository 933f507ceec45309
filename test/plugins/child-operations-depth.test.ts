/**
 * pluginsConfig.childOperationsDepth: contexts down to the configured depth are written with
 * ReplayChildren, so later invocations still see their children; traffic equals the official
 * SDK's for the same setting. An invalid depth fails the execution before the handler runs.
 */
import { describe, expect, it } from 'vitest';
import type { OperationUpdate } from '../../src/protocol.js';
import type { ScenarioBody } from '../interop/scenarios.js';
import type { HookRecord } from './recording-plugin.js';
import { recordingPlugin } from './recording-plugin.js';
import type { Sdk } from './run-both.js';
import { runWith } from './run-both.js';

let handlerRuns = 0;
const nested: ScenarioBody = async (_event, ctx) => {
  handlerRuns += 1;
  const outer = await ctx.runInChildContext('outer', async (o) => {
    const a = await o.step('outer-step', async () => 'a');
    const inner = await o.runInChildContext('inner', async (i) => i.step('inner-step', async () => 'b'));
    return `${a as string}${inner as string}`;
  });
  const failed = await ctx
    .runInChildContext('failing', async (f) => {
      await f.step('before-failure', async () => 1);
      throw new Error('nope');
    })
    .then(undefined, (error: Error) => error.message);
  await ctx.wait('later', { seconds: 1 });
  return { outer, failed };
};

async function run(sdk: Sdk, depth: unknown) {
  const records: HookRecord[] = [];
  const result = await runWith(sdk, nested, { plugins: [recordingPlugin(records)], pluginsConfig: { childOperationsDepth: depth as number } });
  const updates: OperationUpdate[] = result.service.updates.flat();
  const replayChildren = (name: string) =>
    updates.some((u) => u.Name === name && (u.Action === 'SUCCEED' || u.Action === 'FAIL') && u.ContextOptions?.ReplayChildren === true);
  const secondStart = records.filter((r) => r.hook === 'onInvocationStart')[1] as { operations?: Record<string, string> } | undefined;
  return { result, records, replayChildren, secondInvocationOperations: Object.keys(secondStart?.operations ?? {}).length };
}

describe('pluginsConfig.childOperationsDepth', () => {
  it.each([
    // depth, [outer, inner, failing] marked ReplayChildren, operations the second invocation sees
    [0, [false, false, false], 4],
    [1, [true, false, true], 7],
    [2, [true, true, true], 8],
    [Number.POSITIVE_INFINITY, [true, true, true], 8],
    [undefined, [false, false, false], 4],
  ])('depth %s: same traffic and hooks as the official SDK', async (depth, marked, visible) => {
    const official = await run('official', depth);
    const ours = await run('ours', depth);
    expect(ours.result.outputs).toEqual(official.result.outputs);
    expect(ours.result.outputs.at(-1)).toEqual({ Status: 'SUCCEEDED', Result: '{"outer":"ab","failed":"nope"}' });
    // Same requests (the SDKs order JSON keys differently, so compare parsed).
    expect(JSON.parse(ours.result.traffic)).toEqual(JSON.parse(official.result.traffic));
    expect(ours.records).toEqual(official.records);
    expect(['outer', 'inner', 'failing'].map(ours.replayChildren)).toEqual(marked);
    // EXECUTION, outer, failing and later, plus the preserved children (outer-step, inner, before-failure; inner-step).
    expect(ours.secondInvocationOperations).toBe(visible);
  });

  it.each([[-1], [1.5], [Number.NaN], ['2'], [Number.NEGATIVE_INFINITY]])(
    'invalid depth %s: FAILED before the handler runs, no checkpoint, hooks as in the official SDK',
    async (depth) => {
      handlerRuns = 0;
      const official = await run('official', depth);
      expect(handlerRuns).toBe(0);
      const ours = await run('ours', depth);
      expect(handlerRuns).toBe(0);
      expect(ours.result.outputs).toHaveLength(1);
      const output = ours.result.outputs[0];
      expect(output?.Status).toBe('FAILED');
      expect(output?.Error?.ErrorMessage).toBe(official.result.outputs[0]?.Error?.ErrorMessage);
      expect(output?.Error?.ErrorMessage).toMatch(/^pluginsConfig.childOperationsDepth must be a non-negative integer or Infinity; got /);
      expect(ours.result.service.requests).toHaveLength(0);
      expect(ours.records.map((r) => [r.hook, r.status])).toEqual([
        ['onInvocationStart', undefined],
        ['onInvocationEnd', 'FAILED'],
      ]);
      expect(ours.records.map((r) => [r.hook, r.status])).toEqual(official.records.map((r) => [r.hook, r.status]));
    },
  );
});
