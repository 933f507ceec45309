/**
 * A misbehaving plugin never changes what an execution does: every hook throwing, rejecting,
 * swallowing the customer's errors or never calling the wrapped function leaves the responses
 * and the checkpoint traffic byte-identical to a run without plugins.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DurableInstrumentationPlugin } from '../../src/plugins/types.js';
import type { ScenarioBody } from '../interop/scenarios.js';
import type { HookRecord } from './recording-plugin.js';
import { PLUGIN_HOOKS, recordingPlugin } from './recording-plugin.js';
import { completeCallback, runWith } from './run-both.js';

const HOOKS = PLUGIN_HOOKS;

function pluginWhere(hook: (name: string) => (...args: any[]) => unknown): DurableInstrumentationPlugin {
  return Object.fromEntries(HOOKS.map((name) => [name, hook(name)]));
}

const misbehaving: Record<string, () => DurableInstrumentationPlugin> = {
  'every hook throws synchronously': () =>
    pluginWhere((name) => () => {
      throw new Error(`plugin ${name} broke`);
    }),
  'every hook rejects (wrap hooks after running the function)': () =>
    pluginWhere((name) =>
      name.startsWith('wrap')
        ? async (_info: unknown, fn: () => unknown) => {
            await fn();
            throw new Error(`plugin ${name} broke late`);
          }
        : name === 'enrichLogContext'
          ? () => ({ extra: 1 })
          : async () => {
              throw new Error(`plugin ${name} rejected`);
            },
    ),
  'wrap hooks swallow the customer errors': () =>
    pluginWhere((name) =>
      name.startsWith('wrap')
        ? async (_info: unknown, fn: () => unknown) => {
            try {
              return await fn();
            } catch {
              return 'swallowed';
            }
          }
        : async () => undefined,
    ),
  'wrap hooks never call the function': () =>
    pluginWhere((name) => (name.startsWith('wrap') ? () => 'not called' : async () => undefined)),
  'wrap hooks resolve before the function settles': () =>
    pluginWhere((name) =>
      name.startsWith('wrap')
        ? (_info: unknown, fn: () => unknown) => {
            void fn();
            return Promise.resolve('early');
          }
        : async () => undefined,
    ),
  'wrap hooks drop the function promise': () =>
    pluginWhere((name) =>
      name.startsWith('wrap')
        ? (_info: unknown, fn: () => unknown) => {
            void (fn() as Promise<unknown>).catch(() => undefined);
            return undefined;
          }
        : async () => undefined,
    ),
};

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
  const failedChild = await ctx
    .runInChildContext('bad-child', async (c) => {
      await c.step('inner', async () => 'in');
      throw new RangeError('child broke');
    })
    .then(undefined, (error: Error) => `${error.name}: ${error.message}`);
  const polled = await ctx.waitForCondition('poll', async (state: number) => state + 1, {
    initialState: 0,
    waitStrategy: (state: number) => (state >= 2 ? { shouldContinue: false } : { shouldContinue: true, delay: { seconds: 2 } }),
  });
  const [callback] = await ctx.createCallback('approval', { timeout: { seconds: 60 } });
  const answer = await callback;
  const doomed = await ctx
    .step('doomed', async () => {
      throw new TypeError('always');
    }, { retryStrategy: () => ({ shouldRetry: false }) })
    .then(undefined, (error: Error) => error.message);
  return { flaky, failedChild, polled, answer, doomed };
};

const between = (service: Parameters<typeof completeCallback>[0]) => completeCallback(service, 'yes');

describe('plugin failures never affect the execution', () => {
  afterEach(() => vi.restoreAllMocks());

  it.each(Object.keys(misbehaving))('%s: same responses and byte-identical checkpoint traffic', async (label) => {
    const baseline = await runWith('ours', workflow, {}, { between });
    expect(baseline.outputs.at(-1)).toEqual({
      Status: 'SUCCEEDED',
      Result: '{"flaky":2,"failedChild":"ChildContextError: child broke","polled":2,"answer":"yes","doomed":"always"}',
    });
    const withPlugin = await runWith('ours', workflow, { plugins: [misbehaving[label]!()] }, { between });
    expect(withPlugin.outputs).toEqual(baseline.outputs);
    expect(withPlugin.traffic).toBe(baseline.traffic);
    expect(withPlugin.traffic.length).toBeGreaterThan(1000);
  });

  it.each(Object.keys(misbehaving))('%s: a well-behaved plugin after it still sees every hook', async (label) => {
    const alone: HookRecord[] = [];
    await runWith('ours', workflow, { plugins: [recordingPlugin(alone)] }, { between });
    const behind: HookRecord[] = [];
    const run = await runWith('ours', workflow, { plugins: [misbehaving[label]!(), recordingPlugin(behind)] }, { between });
    expect(run.outputs.at(-1)?.Status).toBe('SUCCEEDED');
    expect(behind).toEqual(alone);
    expect(alone.length).toBeGreaterThan(50);
  });

  it('a throwing enrichLogContext keeps the log record; the others are merged into it, as in the official SDK', async () => {
    const lines: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: any, ...rest: any[]) => {
      if (String(chunk).includes('"marker"')) {
        lines.push(String(chunk));
        return true;
      }
      return write(chunk, ...rest);
    });
    const plugins: DurableInstrumentationPlugin[] = [
      { enrichLogContext: () => ({ service: 'orders', shard: 3 }) },
      {
        enrichLogContext: () => {
          throw new Error('enricher broke');
        },
      },
      { enrichLogContext: () => ({ traceId: 't-1', shard: 4 }) },
    ];
    const bodyWithStepLogger: ScenarioBody = async (_event, ctx) =>
      ctx.step('log', async (stepCtx: any) => {
        stepCtx.logger.info('marker');
        return 1;
      });
    const run = await runWith('ours', bodyWithStepLogger, { plugins }, {});
    expect(run.outputs).toEqual([{ Status: 'SUCCEEDED', Result: '1' }]);
    expect(lines).toHaveLength(1);
    const ours = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(ours).toMatchObject({ level: 'INFO', message: 'marker', operationName: 'log', service: 'orders', traceId: 't-1', shard: 4 });
    // The official SDK writes the same record (fields and their order), timestamp aside.
    await runWith('official', bodyWithStepLogger, { plugins }, {});
    expect(lines).toHaveLength(2);
    const official = JSON.parse(lines[1]!) as Record<string, unknown>;
    const comparable = (record: Record<string, unknown>) => Object.entries(record).filter(([key]) => key !== 'timestamp');
    expect(comparable(ours)).toEqual(comparable(official));
  });
});
