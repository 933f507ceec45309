/**
 * Hook order and info objects equal the official SDK 2.4's: the same handler body runs under
 * both SDKs with the same recording plugin against identical in-memory services.
 */
import { DurableExecutionInvocationInputWithClient as OfficialInput, withDurableExecution as officialWith } from '@aws/durable-execution-sdk-js';
import { describe, expect, it } from 'vitest';
import type { DurableContextImpl } from '../../src/context/durable-context.js';
import { withDurableExecution as ourWith } from '../../src/handler.js';
import { stepOperation } from '../../src/operations/step.js';
import { FakeCheckpointClient, fakeLambdaContext, serviceError } from '../support/fake-checkpoint-client.js';
import type { ScenarioBody } from '../interop/scenarios.js';
import type { HookRecord } from './recording-plugin.js';
import { PLUGIN_HOOKS, recordingPlugin } from './recording-plugin.js';
import type { RunOptions, Sdk } from './run-both.js';
import { completeCallback, runWith } from './run-both.js';

async function hooksOf(sdk: Sdk, body: ScenarioBody, between?: RunOptions['between']) {
  const records: HookRecord[] = [];
  const run = await runWith(sdk, body, { plugins: [recordingPlugin(records)] }, { between, service: { updatedOperationIds: true } });
  return { records, run };
}

const workflow: ScenarioBody = async (_event, ctx) => {
  const flaky = await ctx.step(
    'flaky',
    async ({ attempt }) => {
      if (attempt < 2) throw new Error(`boom ${attempt}`);
      return attempt;
    },
    { retryStrategy: (_error: Error, attempt: number) => ({ shouldRetry: attempt < 3, delay: { seconds: 1 } }) },
  );
  await ctx.wait('pause', { seconds: 5 });
  const child = await ctx.runInChildContext('child', async (c) => c.step('inner', async () => 'in'));
  const polled = await ctx.waitForCondition('poll', async (state: number) => state + 1, {
    initialState: 0,
    waitStrategy: (state: number) => (state >= 2 ? { shouldContinue: false } : { shouldContinue: true, delay: { seconds: 2 } }),
  });
  const [callback] = await ctx.createCallback('approval', { timeout: { seconds: 60 } });
  const answer = await callback;
  return { flaky, child, polled, answer };
};

describe('plugin hooks follow the official SDK 2.4', () => {
  it('step with retry, wait, child context, waitForCondition and a callback across invocations', async () => {
    const between = (service: Parameters<typeof completeCallback>[0]) => completeCallback(service, 'yes');
    const official = await hooksOf('official', workflow, between);
    const ours = await hooksOf('ours', workflow, between);

    expect(ours.run.outputs).toEqual(official.run.outputs);
    expect(ours.run.outputs.at(-1)).toEqual({ Status: 'SUCCEEDED', Result: '{"flaky":2,"child":"in","polled":2,"answer":"yes"}' });
    expect(ours.run.outputs.length).toBeGreaterThanOrEqual(4);
    expect(ours.records).toEqual(official.records);

    // The sequence covers every lifecycle hook, each invocation bracketed by start and end.
    const kinds = new Set(ours.records.map((r) => r.hook));
    // enrichLogContext only fires for default-logger records (failure-isolation covers it).
    for (const hook of PLUGIN_HOOKS.filter((name) => name !== 'enrichLogContext')) {
      expect(kinds, hook).toContain(hook);
    }
    const ends = ours.records.filter((r) => r.hook === 'onInvocationEnd').map((r) => r.status);
    expect(ends.slice(0, -1).every((s) => s === 'PENDING')).toBe(true);
    expect(ends.at(-1)).toBe('SUCCEEDED');
    expect(ours.records.filter((r) => r.hook === 'onInvocationStart').map((r) => r.isFirstInvocation)).toEqual([
      true,
      ...ends.slice(1).map(() => false),
    ]);
    // The failed first attempt of "flaky" is reported with its error and outcome.
    expect(ours.records).toContainEqual(
      expect.objectContaining({ hook: 'onOperationAttemptEnd', name: 'flaky', attempt: 1, outcome: 'FAILED', error: 'Error: boom 1' }),
    );
    // The wait completed between invocations: its end is live (from UpdatedOperationIds), not a replay.
    expect(ours.records).toContainEqual(expect.objectContaining({ hook: 'onOperationEnd', name: 'pause', isReplay: false, status: 'SUCCEEDED' }));
  });

  it('failures: a step that exhausts its retries, a failing child context, a failing condition check', async () => {
    const body: ScenarioBody = async (_event, ctx) => {
      const caught: string[] = [];
      await ctx
        .step('doomed', async () => {
          throw new TypeError('always');
        }, { retryStrategy: () => ({ shouldRetry: false }) })
        .then(undefined, (error: Error) => void caught.push(error.message));
      await ctx
        .runInChildContext('bad-child', async (c) => {
          await c.step('ok', async () => 1);
          throw new RangeError('child broke');
        })
        .then(undefined, (error: Error) => void caught.push(error.message));
      await ctx
        .waitForCondition('bad-check', async () => {
          throw new Error('check broke');
        }, { initialState: 0, waitStrategy: () => ({ shouldContinue: false }) })
        .then(undefined, (error: Error) => void caught.push(error.message));
      throw new Error(`handler failed after: ${caught.join(', ')}`);
    };
    const official = await hooksOf('official', body);
    const ours = await hooksOf('ours', body);
    expect(ours.run.outputs).toEqual(official.run.outputs);
    expect(ours.run.outputs.at(-1)?.Status).toBe('FAILED');
    expect(ours.records).toEqual(official.records);
    expect(ours.records.at(-2)).toMatchObject({ hook: 'onInvocationEnd', status: 'FAILED' });
    expect(ours.records.filter((r) => r.hook === 'onOperationEnd').map((r) => [r.name, r.status])).toEqual([
      ['doomed', 'FAILED'],
      ['ok', 'SUCCEEDED'],
      ['bad-child', 'FAILED'],
      ['bad-check', 'FAILED'],
    ]);
  });

  it('at-most-once steps report the acknowledged START record', async () => {
    const body: ScenarioBody = async (_event, ctx) =>
      ctx.step('once', async () => 'done', { semantics: 'AT_MOST_ONCE_PER_RETRY' });
    const official = await hooksOf('official', body);
    const ours = await hooksOf('ours', body);
    expect(ours.records).toEqual(official.records);
    expect(ours.records).toContainEqual(expect.objectContaining({ hook: 'onOperationStart', name: 'once', status: 'STARTED', start: true }));
  });

  it('chained invoke (completed between invocations) and a timed-out callback', async () => {
    const body: ScenarioBody = async (_event, ctx) => {
      const charged = await ctx.invoke('charge', 'payments-fn', { amount: 3 });
      const [callback] = await ctx.createCallback('late', { timeout: { seconds: 5 } });
      const answer = await callback.then(undefined, (error: Error) => `${error.name}`);
      return { charged, answer };
    };
    const between = (service: Parameters<typeof completeCallback>[0], invocation: number) => {
      const pending = [...service.operations.values()].find((op) => op.Status === 'STARTED' && op.Type !== 'EXECUTION');
      if (pending?.Type === 'CHAINED_INVOKE') service.completeInvoke(pending.Id, { result: '"ok"' });
      if (pending?.Type === 'CALLBACK' && invocation < 5) service.timeOutCallback(pending.CallbackDetails?.CallbackId as string);
    };
    const official = await hooksOf('official', body, between);
    const ours = await hooksOf('ours', body, between);
    expect(ours.run.outputs).toEqual(official.run.outputs);
    expect(ours.run.outputs.at(-1)).toEqual({ Status: 'SUCCEEDED', Result: '{"charged":"ok","answer":"CallbackTimeoutError"}' });
    expect(ours.records).toEqual(official.records);
    expect(ours.records).toContainEqual(expect.objectContaining({ hook: 'onOperationEnd', name: 'charge', isReplay: false, result: '"ok"' }));
  });

  it('a plugin-only name labels the hooks of an unnamed part and is never checkpointed', async () => {
    const records: HookRecord[] = [];
    const body: ScenarioBody = async (_event, ctx) =>
      stepOperation(ctx as unknown as DurableContextImpl, { name: undefined, fn: async () => 1, config: undefined, pluginName: 'approve-submitter' });
    const run = await runWith('ours', body, { plugins: [recordingPlugin(records)] });
    expect(run.outputs).toEqual([{ Status: 'SUCCEEDED', Result: '1' }]);
    const names = records.filter((r) => r.hook.startsWith('onOperation') && r.hook !== 'onOperationChange').map((r) => r.name);
    expect(names).toEqual(['approve-submitter', 'approve-submitter', 'approve-submitter', 'approve-submitter']);
    expect(run.traffic).not.toContain('approve-submitter');
  });

  it('an invocation that throws for Lambda to retry (throttled checkpoint) ends RETRYING, as in the official SDK', async () => {
    const outcomes: Record<string, { records: HookRecord[]; thrown: unknown }> = {};
    for (const sdk of ['official', 'ours'] as const) {
      const records: HookRecord[] = [];
      const service = new FakeCheckpointClient({ now: () => 1_700_000_000_000 });
      service.failNextCheckpoint(serviceError('ThrottlingException', 429, 'Rate exceeded'));
      const body: ScenarioBody = async (_event, ctx) => ctx.step('throttled', async () => 1);
      const config = { plugins: [recordingPlugin(records)] };
      const handler = (sdk === 'ours' ? ourWith(body as never, config) : officialWith(body as never, config as never)) as (
        event: unknown,
        context: unknown,
      ) => Promise<unknown>;
      const thrown = await handler(new OfficialInput(service.event() as never, service as never), fakeLambdaContext()).then(
        () => undefined,
        (error: unknown) => error,
      );
      outcomes[sdk] = { records, thrown };
    }
    const ours = outcomes.ours!;
    const official = outcomes.official!;
    expect(ours.thrown).toBeInstanceOf(Error);
    expect(official.thrown).toBeInstanceOf(Error);
    const ends = (records: HookRecord[]) => records.filter((r) => r.hook === 'onInvocationEnd').map((r) => r.status);
    expect(ends(ours.records)).toEqual(['RETRYING']);
    expect(ends(official.records)).toEqual(['RETRYING']);
    expect(ours.records.map((r) => r.hook)).toEqual(official.records.map((r) => r.hook));
  });

  it('a child context that suspends inside and resumes in the next invocation', async () => {
    const body: ScenarioBody = async (_event, ctx) =>
      ctx.runInChildContext('outer', async (child) => {
        const first = await child.step('first', async () => 1);
        await child.wait('inside', { seconds: 3 });
        return child.runInChildContext('nested', async (n) => n.step('last', async () => (first as number) + 1));
      });
    const official = await hooksOf('official', body);
    const ours = await hooksOf('ours', body);
    expect(ours.run.outputs).toEqual(official.run.outputs);
    expect(ours.run.outputs.at(-1)).toEqual({ Status: 'SUCCEEDED', Result: '2' });
    expect(ours.records).toEqual(official.records);
    // The re-entered context is not a replay (its mode is live for a STARTED record), but its start is.
    expect(ours.records.filter((r) => r.hook === 'wrapChildContextFn').map((r) => [r.name, r.isReplay])).toEqual([
      ['outer', false],
      ['outer', false],
      ['nested', false],
    ]);
    expect(ours.records.filter((r) => r.hook === 'onOperationStart' && r.name === 'outer').map((r) => r.isReplay)).toEqual([false, true]);
  });

  it('map, parallel and waitForCallback', async () => {
    const body: ScenarioBody = async (_event, ctx) => {
      const mapped = await ctx.map('double', [1, 2], async (c, item: number) => c.step(`x${item}`, async () => item * 2), { maxConcurrency: 1 });
      const branches = await ctx.parallel('both', [async (c: any) => c.step('left', async () => 'l'), async () => 'r'], { maxConcurrency: 1 });
      const approved = await ctx.waitForCallback('approve', async () => undefined, { timeout: { seconds: 30 } });
      return { mapped: mapped.getResults(), branches: branches.getResults(), approved };
    };
    const between = (service: Parameters<typeof completeCallback>[0]) => completeCallback(service, 'ok');
    const official = await hooksOf('official', body, between);
    const ours = await hooksOf('ours', body, between);
    expect(ours.run.outputs).toEqual(official.run.outputs);
    expect(ours.run.outputs.at(-1)).toEqual({ Status: 'SUCCEEDED', Result: '{"mapped":[2,4],"branches":["l","r"],"approved":"ok"}' });
    expect(ours.records).toEqual(official.records);
    // waitForCallback's parts carry plugin-only names, never written to the service.
    expect(ours.records).toContainEqual(expect.objectContaining({ hook: 'onOperationStart', name: 'approve-submitter', type: 'STEP' }));
    expect(ours.records).toContainEqual(expect.objectContaining({ hook: 'onOperationStart', name: 'approve-callback', type: 'CALLBACK' }));
    expect(ours.run.traffic).not.toContain('approve-');
    expect(JSON.parse(ours.run.traffic)).toEqual(JSON.parse(official.run.traffic));
  });
});
